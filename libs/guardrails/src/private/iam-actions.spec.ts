import { actionProblem } from './iam-actions';

describe('actionProblem', () => {
  it.each(['*', 's3:GetObject', 'S3:getobject', 's3:Get*', 's3:*', 'ec2:Describe?pcs', 'kms:Encrypt*', 'sts:AssumeRole'])('accepts %s', (action) => {
    expect(actionProblem(action)).toBeUndefined();
  });

  it.each([
    ['s3:GetObjekt', 's3:GetObjekt matches no s3 action'],
    ['s3:GetObject2', 's3:GetObject2 matches no s3 action'],
    ['s3:XGetObject', 's3:XGetObject matches no s3 action'],
    ['s3:Get.bject', 's3:Get.bject matches no s3 action'],
    ['s3:Get?', 's3:Get? matches no s3 action'],
    ['s3:Get+Object', 's3:Get+Object matches no s3 action'],
    ['s4:GetObject', 's4:GetObject names no AWS service s4'],
    ['x/../s3:GetObject', 'x/../s3:GetObject names no AWS service x/../s3'],
    ['s3/../s3:GetObject', 's3/../s3:GetObject names no AWS service s3/../s3'],
    ['../s3:GetObject', '../s3:GetObject names no AWS service ../s3'],
    ['GetObject', 'GetObject is not of the form service:Action'],
    [':GetObject', ':GetObject is not of the form service:Action'],
    ['s3:', 's3: is not of the form service:Action'],
  ])('refuses %s', (action, problem) => {
    expect(actionProblem(action)).toBe(problem);
  });

  it('answers the same for a service it has read before', () => {
    expect(actionProblem('s3:GetObjekt')).toBe(actionProblem('s3:GetObjekt'));
    expect(actionProblem('s4:Get')).toBe(actionProblem('s4:Get'));
  });
});
