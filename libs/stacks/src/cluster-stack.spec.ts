import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { ClusterStack, NON_PRODUCTION_TAGGED_IMAGES_KEPT } from './cluster-stack';
import { NetworkStack } from './network-stack';

type Rule = { selection: { tagStatus: string; countType: string; countNumber: number } };

function ecrRules(production: boolean): Rule[][] {
  const app = Testing.app();
  const environment = loadEnvironment(exampleEnvironment({ production, cluster: { ecrRepositories: ['novel-engine/backend'] } }));
  const resource = JSON.parse(Testing.synth(new ClusterStack(app, environment, new NetworkStack(app, environment)))).resource;
  const policies = Object.values(resource.aws_ecr_lifecycle_policy ?? {}) as { policy: string }[];
  expect(policies.length).toBeGreaterThan(0);
  return policies.map((policy) => JSON.parse(policy.policy).rules);
}

describe('ClusterStack ECR lifecycle', () => {
  it('in production, never expires a tagged image: the running release stays pullable', () => {
    for (const rules of ecrRules(true)) {
      expect(rules.map((rule) => rule.selection.tagStatus)).toEqual(['untagged']);
    }
  });

  it('outside production, also keeps only the newest tagged images', () => {
    for (const rules of ecrRules(false)) {
      expect(rules.map((rule) => rule.selection)).toEqual([
        expect.objectContaining({ tagStatus: 'untagged', countType: 'sinceImagePushed' }),
        expect.objectContaining({ tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: NON_PRODUCTION_TAGGED_IMAGES_KEPT }),
      ]);
    }
  });
});
