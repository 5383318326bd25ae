/**
 * The image workflows' own rules (workflows.spec.ts checks every workflow's permissions, pins, outputs and inputs):
 * only the scanned digest is signed, tagged and promoted; promotion copies and never builds; the image push roles are
 * used only in the `<env>-images` GitHub environments they trust.
 */
import { loadEnvironment } from '@platform/config';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { predecessorOf, PROMOTION_ORDER } from './delivery-targets';
import { importEnvironment } from './environments';
import type { Workflow, WorkflowJob as Job } from './workflow-files';

const WORKSPACE = path.resolve(__dirname, '..');
const WORKFLOWS = path.join(WORKSPACE, '.github', 'workflows');

const FILES = fs.readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));
const workflows = Object.fromEntries(FILES.map((file) => [file, parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Workflow]));
const buildImage = workflows['build-image.yml'];
const release = workflows['release.yml'];
const promote = workflows['promote.yml'];
const mainBranch = loadEnvironment(importEnvironment('production'), { expectedName: 'production' }).delivery?.mainBranch;

const stepsOf = (job: Job) => job.steps ?? [];
const needsOf = (job: Job) => [job.needs ?? []].flat();
const using = (job: Job, action: string) => stepsOf(job).findIndex((step) => step.uses?.startsWith(`${action}@`));
const stepUsing = (job: Job, action: string) => stepsOf(job)[using(job, action)];
const indexOf = (job: Job, id: string) => stepsOf(job).findIndex((step) => step.id === id);
const scripts = (job: Job) => stepsOf(job).map((step) => step.run ?? '');
const everyJob = Object.entries(workflows).flatMap(([file, workflow]) => Object.entries(workflow.jobs).map(([name, job]) => ({ file, name, job })));
/** Where a job's steps use a delivery target's role: `planRoleArn`, `applyRoleArn`, `imagesRoleArn`. */
const rolesOf = (job: Job) => [...new Set([...JSON.stringify(job.steps ?? []).matchAll(/\.(\w+RoleArn)\b/g)].map((match) => match[1]))];
/** The signing identity promote.yml requires: build-image.yml of this repository, on the main branch the roles trust. */
const SIGNER = `\${{ github.server_url }}/\${{ github.repository }}/.github/workflows/build-image.yml@refs/heads/${mainBranch}`;

describe('the image push roles', () => {
  it('are used only in jobs of the <env>-images GitHub environments, and no other role is used there', () => {
    const imageJobs = everyJob.filter(({ job }) => rolesOf(job).includes('imagesRoleArn'));
    expect(imageJobs.map(({ file, name }) => `${file} ${name}`).sort()).toEqual(['build-image.yml build', 'promote.yml export', 'promote.yml import']);
    for (const { file, name, job } of everyJob) {
      const images = job.environment?.endsWith('-images') ?? false;
      expect({ file, name, roles: rolesOf(job), environment: job.environment }).toEqual({ file, name, roles: images ? ['imagesRoleArn'] : rolesOf(job).filter((role) => role !== 'imagesRoleArn'), environment: job.environment });
    }
  });

  it('are assumed for the environment whose images environment the job runs in', () => {
    expect(buildImage.jobs.build.environment).toBe('${{ inputs.environment }}-images');
    expect(stepUsing(buildImage.jobs.build, 'aws-actions/configure-aws-credentials').with?.['role-to-assume']).toBe('${{ fromJSON(inputs.targets)[inputs.environment].imagesRoleArn }}');
    for (const [job, side] of [['export', 'source'], ['import', 'environment']]) {
      expect(promote.jobs[job].environment).toBe(`\${{ needs.targets.outputs.${side} }}-images`);
      expect(stepUsing(promote.jobs[job], 'aws-actions/configure-aws-credentials').with?.['role-to-assume']).toBe(`\${{ fromJSON(needs.targets.outputs.targets)[needs.targets.outputs.${side}].imagesRoleArn }}`);
    }
  });
});

describe('build-image.yml', () => {
  const job = buildImage.jobs.build;
  const build = stepsOf(job)[using(job, 'docker/build-push-action')];
  const scan = stepsOf(job)[using(job, 'aquasecurity/trivy-action')];
  const sign = stepsOf(job).findIndex((step) => /\bcosign sign\b/.test(step.run ?? ''));
  const tag = indexOf(job, 'tag');

  it('is called once per image with the service, its repository, source, environment and targets', () => {
    expect(Object.keys(buildImage.on)).toEqual(['workflow_call']);
    expect(Object.keys(buildImage.on.workflow_call?.inputs ?? {})).toEqual(['service', 'repository', 'context', 'dockerfile', 'environment', 'targets', 'build-args']);
  });

  it('builds once with Buildx, its GitHub Actions cache, an SBOM and provenance, pushed by digest without a tag', () => {
    expect(stepsOf(job).filter((step) => step.uses?.startsWith('docker/build-push-action@'))).toHaveLength(1);
    expect(using(job, 'docker/setup-buildx-action')).toBeLessThan(using(job, 'docker/build-push-action'));
    expect(build.id).toBe('build');
    expect(build.with).toMatchObject({
      context: '${{ inputs.context }}',
      file: '${{ inputs.dockerfile }}',
      sbom: true,
      provenance: 'mode=max',
      outputs: 'type=image,name=${{ env.IMAGE }},push-by-digest=true,name-canonical=true,push=true',
      'cache-from': 'type=gha,scope=${{ inputs.service }}',
      'cache-to': 'type=gha,mode=max,scope=${{ inputs.service }}',
    });
    expect(build.with?.tags).toBeUndefined();
    expect(scripts(job).join('\n')).not.toMatch(/docker (push|build|tag)|buildx build/);
  });

  it('scans the pushed digest in the registry and fails on a CRITICAL vulnerability', () => {
    expect(scan.with).toMatchObject({ 'image-ref': '${{ env.IMAGE }}@${{ steps.build.outputs.digest }}', severity: 'CRITICAL', 'exit-code': '1', 'ignore-unfixed': false });
    expect(scan.env).toEqual({ TRIVY_IMAGE_SRC: 'remote' });
    expect(using(job, 'aquasecurity/trivy-action')).toBeGreaterThan(using(job, 'docker/build-push-action'));
  });

  it('signs and tags only the digest recorded after the scan passed, and outputs the tagged one', () => {
    const scanned = indexOf(job, 'scanned');
    expect(scanned).toBe(using(job, 'aquasecurity/trivy-action') + 1);
    expect(stepsOf(job)[scanned].env).toEqual({ DIGEST: '${{ steps.build.outputs.digest }}' });
    // After the scan, the build's digest is read only where it is recorded: signing and tagging cannot skip the scan.
    const afterScan = stepsOf(job).slice(scanned + 1);
    expect(JSON.stringify(afterScan)).not.toContain('steps.build.outputs');
    expect(sign).toBeGreaterThan(scanned);
    expect(tag).toBeGreaterThan(sign);
    for (const index of [sign, tag]) expect(stepsOf(job)[index].env?.DIGEST).toBe('${{ steps.scanned.outputs.digest }}');
    expect(stepsOf(job)[sign].run).toBe('cosign sign --yes --new-bundle-format=false --use-signing-config=false "$IMAGE@$DIGEST"');
    expect(using(job, 'sigstore/cosign-installer')).toBeLessThan(sign);
    expect(job.outputs).toEqual({ digest: '${{ steps.tag.outputs.digest }}' });
    expect(buildImage.on.workflow_call).toMatchObject({ outputs: { digest: { value: '${{ jobs.build.outputs.digest }}' } } });
  });

  it('tags with the commit, through the script that checks the tag names the scanned digest', () => {
    expect(stepsOf(job)[tag].env?.TAG).toBe('${{ github.sha }}');
    expect(stepsOf(job)[tag].run).toContain('.github/scripts/tag-image.sh "$REPOSITORY" "$DIGEST" "$TAG"');
    const script = fs.readFileSync(path.join(WORKSPACE, '.github/scripts/tag-image.sh'), 'utf8');
    expect(script).toContain('--image-digest "$digest"');
    expect(script).toMatch(/if \[ "\$tagged" != "\$digest" \]; then[\s\S]*exit 1/);
    expect(script).not.toMatch(/docker push|batch-delete-image/);
  });
});

describe('release.yml', () => {
  it('builds the first environment of each chain from the release targets, one build-image.yml call per image', () => {
    expect(release.on).toMatchObject({ push: { branches: [mainBranch], paths: ['services/**'] } });
    expect(scripts(release.jobs.targets).join('\n')).toContain('npx tsx tools/release-targets.ts build');
    const { build } = release.jobs;
    expect(needsOf(build)).toEqual(['targets']);
    expect(build.strategy).toEqual({ 'fail-fast': true, matrix: { image: '${{ fromJSON(needs.targets.outputs.images) }}' } });
    expect(build.uses).toBe('./.github/workflows/build-image.yml');
    expect(build.with).toEqual({
      service: '${{ matrix.image.service }}',
      repository: '${{ matrix.image.repository }}',
      context: '${{ matrix.image.context }}',
      dockerfile: '${{ matrix.image.dockerfile }}',
      environment: '${{ matrix.image.environment }}',
      targets: '${{ needs.targets.outputs.targets }}',
    });
  });

  it('writes the release manifests with the commit only after every image is in, as a pull request', () => {
    const { manifest } = release.jobs;
    expect(needsOf(manifest).sort()).toEqual(['build', 'targets']);
    expect(scripts(manifest).join('\n')).toContain('npx tsx tools/release-targets.ts write-manifest "$environment" "$GITHUB_SHA"');
    expect(stepUsing(manifest, 'peter-evans/create-pull-request').with).toMatchObject({ branch: 'release/${{ github.sha }}', 'add-paths': 'environments/*/release.json' });
  });
});

describe('promote.yml', () => {
  const { targets, export: exportJob, import: importJob, manifest } = promote.jobs;
  const script = (job: Job) => scripts(job).join('\n');

  it('promotes to every environment that has one before it in its chain, and only those', () => {
    expect(promote.on.workflow_dispatch?.inputs?.environment?.options).toEqual(PROMOTION_ORDER.filter((name) => predecessorOf(name) !== undefined));
    expect(script(targets)).toContain('npx tsx tools/release-targets.ts promote "$ENVIRONMENT" --tag "$TAG"');
  });

  it('never builds or pushes an image: it copies the digests and their signatures', () => {
    for (const job of Object.values(promote.jobs)) {
      expect(script(job)).not.toMatch(/docker (build|push|tag)|buildx (build|bake)|cosign sign/);
      expect(stepsOf(job).some((step) => step.uses?.startsWith('docker/'))).toBe(false);
    }
    expect(script(exportJob)).toContain('cosign save --dir "images/$repository" "$REGISTRY/$repository@$digest"');
    expect(script(importJob)).toContain('cosign load --dir "images/$repository" "$REGISTRY/$repository@$digest"');
  });

  it('resolves each tag to its digest and verifies build-image.yml’s signature on it before saving it', () => {
    const text = script(exportJob);
    expect(exportJob.env?.SIGNER).toBe(SIGNER);
    const resolve = text.indexOf('--image-ids imageTag="$TAG"');
    const verify = text.indexOf('cosign verify --new-bundle-format=false --certificate-identity "$SIGNER"');
    expect(resolve).toBeGreaterThan(-1);
    expect(verify).toBeGreaterThan(resolve);
    expect(text.indexOf('cosign save')).toBeGreaterThan(verify);
    expect(text).toContain('--certificate-oidc-issuer https://token.actions.githubusercontent.com');
    expect(exportJob.outputs).toEqual({ digests: '${{ steps.verified.outputs.digests }}' });
  });

  it('scans each verified digest again before it moves on (vulnerabilities published since the build), failing on CRITICAL', () => {
    const text = script(exportJob);
    const verify = text.indexOf('cosign verify');
    const scan = text.indexOf('trivy image --scanners vuln --severity CRITICAL --exit-code 1 --no-progress "$REGISTRY/$repository@$digest"');
    expect(scan).toBeGreaterThan(verify);
    expect(text.indexOf('cosign save')).toBeGreaterThan(scan);
    expect(stepsOf(exportJob).some((step) => step.uses?.startsWith('aquasecurity/setup-trivy@'))).toBe(true);
  });

  it('can be re-run after a partial import: a digest whose signature tag is there already is not loaded again (immutable tags)', () => {
    const text = script(importJob);
    expect(text).toContain('signature="${digest/:/-}.sig"');
    expect(text.indexOf('--image-ids imageTag="$signature"')).toBeLessThan(text.indexOf('cosign load'));
  });

  it('loads the same digests, verifies them again in the target registry, then tags them and checks the tag', () => {
    expect(needsOf(importJob).sort()).toEqual(['export', 'targets']);
    expect(importJob.env).toMatchObject({ DIGESTS: '${{ needs.export.outputs.digests }}', TAG: '${{ needs.targets.outputs.tag }}', SIGNER });
    const text = script(importJob);
    const load = text.indexOf('cosign load');
    const verify = text.indexOf('cosign verify --new-bundle-format=false --certificate-identity "$SIGNER"');
    const tag = text.indexOf('.github/scripts/tag-image.sh "$repository" "$digest" "$TAG"');
    expect(load).toBeGreaterThan(-1);
    expect(verify).toBeGreaterThan(load);
    expect(tag).toBeGreaterThan(verify);
    expect(stepUsing(importJob, 'actions/download-artifact').with?.name).toBe(stepUsing(exportJob, 'actions/upload-artifact').with?.name);
  });

  it('writes the promoted environment’s release manifest after the import, as a pull request', () => {
    expect(needsOf(manifest).sort()).toEqual(['import', 'targets']);
    expect(script(manifest)).toContain('npx tsx tools/release-targets.ts write-manifest "$ENVIRONMENT" "$TAG"');
    expect(using(manifest, 'peter-evans/create-pull-request')).toBeGreaterThan(-1);
  });
});
