import { supportWarning } from '../../../modules/eks/support';
import { ADMIN, synthEks } from './fixtures';

const on = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('Kubernetes support windows (from the vendored EKS calendar)', () => {
  test('nothing to say well inside standard support', () => {
    expect(supportWarning('1.35', 'STANDARD', on('2026-12-01'))).toBeUndefined();
  });

  test('within 90 days of the end of standard support: the date, the days left and the next minor', () => {
    expect(supportWarning('1.35', 'STANDARD', on('2027-01-15'))).toBe(
      'Kubernetes 1.35 leaves EKS standard support on 2027-03-27, in 71 day(s); upgrade to 1.36 (one minor per apply; npm run diff refuses larger jumps) before then, or EKS upgrades the control plane itself',
    );
  });

  test('past standard support with STANDARD: EKS will upgrade on its own schedule', () => {
    expect(supportWarning('1.33', 'STANDARD', on('2026-12-01'))).toMatch(/^Kubernetes 1\.33 left EKS standard support on 2026-07-29: with upgradeSupportType STANDARD, EKS upgrades the control plane to the next minor on its own schedule; upgrade to 1\.34/);
  });

  test('past standard support with EXTENDED: the cost', () => {
    expect(supportWarning('1.32', 'EXTENDED', on('2026-12-01'))).toBe(
      'Kubernetes 1.32 is in EKS extended support until 2027-03-23, billed at $0.60 instead of $0.10 per cluster-hour; upgrade to 1.33 (one minor per apply; npm run diff refuses larger jumps)',
    );
  });

  test('synthesis warns at the field', () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }).setSystemTime(on('2026-12-01'));
    try {
      const { warnings } = synthEks({ admins: [ADMIN], kubernetesVersion: '1.34' });
      expect(warnings).toContainEqual({ path: 'eks.kubernetesVersion', message: expect.stringMatching(/^Kubernetes 1\.34 leaves EKS standard support on 2026-12-02, in 1 day\(s\)/) });
    } finally {
      jest.useRealTimers();
    }
  });
});
