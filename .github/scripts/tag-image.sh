#!/usr/bin/env bash
# Tags an image already in ECR by its digest, without pulling or pushing it again:
#   .github/scripts/tag-image.sh <repository> <digest> <tag>
# It puts the exact manifest bytes ECR holds for <digest> under <tag> (AWS's retagging recipe, with --image-digest so
# ECR refuses bytes that do not hash to it), then checks the tag names that digest, and prints it. The repositories'
# tags are immutable: a tag already on another digest fails here, one already on this digest is left as it is (a
# re-run). Needs ecr:BatchGetImage, ecr:PutImage and ecr:DescribeImages on the repository, and AWS_REGION.
set -euo pipefail
repository=$1 digest=$2 tag=$3

tagged=$(aws ecr describe-images --repository-name "$repository" --image-ids imageTag="$tag" --query 'imageDetails[0].imageDigest' --output text 2>/dev/null || true)
if [ -z "$tagged" ] || [ "$tagged" = None ]; then
  image=$(aws ecr batch-get-image --repository-name "$repository" --image-ids imageDigest="$digest" --output json \
    --accepted-media-types application/vnd.oci.image.index.v1+json application/vnd.oci.image.manifest.v1+json \
    application/vnd.docker.distribution.manifest.list.v2+json application/vnd.docker.distribution.manifest.v2+json)
  manifest=$(jq -r '.images[0].imageManifest' <<<"$image")
  media_type=$(jq -r '.images[0].imageManifestMediaType' <<<"$image")
  tagged=$(aws ecr put-image --repository-name "$repository" --image-tag "$tag" --image-digest "$digest" \
    --image-manifest "$manifest" --image-manifest-media-type "$media_type" --query 'image.imageId.imageDigest' --output text)
fi
if [ "$tagged" != "$digest" ]; then
  echo "::error::$repository:$tag names $tagged, not $digest (the tag is immutable: release again from a new commit)" >&2
  exit 1
fi
echo "$tagged"
