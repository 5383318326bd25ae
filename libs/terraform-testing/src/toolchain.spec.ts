import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_PROVIDER_VERSION, detectToolchain, formatMissingTools, terraformPlatform } from './toolchain';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'toolchain-spec-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fake terraform that answers `version -json` like the real one. */
async function fakeTerraform(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const binary = join(dir, 'terraform');
  await writeFile(binary, '#!/bin/sh\necho \'{"terraform_version":"1.11.4"}\'\n');
  await chmod(binary, 0o755);
  return binary;
}

async function unpackedMirror(dir: string): Promise<string> {
  await mkdir(join(dir, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION, terraformPlatform()), { recursive: true });
  return dir;
}

describe('detectToolchain', () => {
  it('finds terraform on PATH and the mirror in TF_PROVIDER_MIRROR', async () => {
    const binary = await fakeTerraform(join(root, 'bin'));
    const mirror = await unpackedMirror(join(root, 'mirror'));

    expect(detectToolchain({ env: { PATH: `/nonexistent:${join(root, 'bin')}`, TF_PROVIDER_MIRROR: mirror } })).toEqual({
      terraformBinary: binary,
      terraformVersion: '1.11.4',
      providerMirror: mirror,
      missing: [],
    });
  });

  it('prefers TERRAFORM_BINARY and finds a packed mirror among the candidates', async () => {
    const binary = await fakeTerraform(join(root, 'custom'));
    const packed = join(root, 'packed');
    await mkdir(join(packed, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
    await writeFile(
      join(packed, 'registry.terraform.io', 'hashicorp', 'aws', `terraform-provider-aws_${AWS_PROVIDER_VERSION}_${terraformPlatform()}.zip`),
      '',
    );

    const toolchain = detectToolchain({ env: { PATH: '', TERRAFORM_BINARY: binary }, mirrorCandidates: [join(root, 'none'), packed] });

    expect(toolchain).toMatchObject({ terraformBinary: binary, providerMirror: packed, missing: [] });
  });

  it('says what is missing and how to fix it', async () => {
    const emptyMirror = await mkdtemp(join(root, 'empty-'));

    const { missing } = detectToolchain({ env: { PATH: '', TF_PROVIDER_MIRROR: emptyMirror } });

    expect(missing.map((tool) => tool.tool)).toEqual(['terraform', 'aws-provider-mirror']);
    const message = formatMissingTools(missing);
    expect(message).toContain('terraform: no terraform binary on PATH');
    expect(message).toContain('install Terraform 1.11');
    expect(message).toContain(`TF_PROVIDER_MIRROR=${emptyMirror} holds no registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}/`);
    expect(message).toContain(`set TF_PROVIDER_MIRROR to a filesystem mirror holding hashicorp/aws ${AWS_PROVIDER_VERSION}`);
  });

  it('reports a TERRAFORM_BINARY that is not executable', () => {
    const { missing } = detectToolchain({ env: { TERRAFORM_BINARY: join(root, 'nope') }, mirrorCandidates: [] });

    expect(missing[0]).toMatchObject({ tool: 'terraform', problem: `TERRAFORM_BINARY=${join(root, 'nope')} is not an executable file` });
  });
});
