import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The Terraform variable `image_tag`: the build CI deploys (`TF_VAR_image_tag`, from the environment's release
 * manifest). Unless `allowLatest`, `latest` and an empty tag are refused at plan time: a new pod or task could run
 * another image than the one reviewed.
 */
export function imageTagVariable(scope: Construct, description: string, allowLatest = false): TerraformVariable {
  return new TerraformVariable(scope, 'image_tag', {
    type: 'string',
    description,
    validation: allowLatest
      ? []
      : [{ condition: '${var.image_tag != "latest" && var.image_tag != ""}', errorMessage: 'image_tag must name a build (a version or commit id), not latest: a redeploy of latest could run another image.' }],
  });
}
