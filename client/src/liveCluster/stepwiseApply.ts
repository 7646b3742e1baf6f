// Applies a plan one object at a time so that a user's Cancel stops between two objects, never in the
// middle of one, and the outcome says exactly which were applied. No vscode import: tested in test/client.
import type { ApplyOutcome, PlanItem } from '../../../kube';

export interface StepwiseOutcome extends ApplyOutcome {
  /** The user cancelled: `notAttempted` were not sent. */
  cancelled: boolean;
}

/**
 * `items` in apply order (as planObjects returns them: namespaces, CRDs, the rest). `applyOne` applies
 * one item (kube/ applyPlan with a one-item plan, which also waits for a CRD to be Established).
 */
export async function applyStepwise(
  items: readonly PlanItem[],
  applyOne: (item: PlanItem) => Promise<ApplyOutcome>,
  isCancelled: () => boolean,
): Promise<StepwiseOutcome> {
  const outcome: StepwiseOutcome = { applied: [], skippedUnchanged: [], notAttempted: [], cancelled: false };
  const toSend = items.filter((item) => item.action !== 'unchanged');
  outcome.skippedUnchanged.push(...items.filter((item) => item.action === 'unchanged'));
  for (const [index, item] of toSend.entries()) {
    if (isCancelled()) {
      outcome.cancelled = true;
      outcome.notAttempted = toSend.slice(index);
      return outcome;
    }
    const one = await applyOne(item);
    outcome.applied.push(...one.applied);
    if (one.failed) {
      outcome.failed = one.failed;
      outcome.notAttempted = toSend.slice(index + 1);
      return outcome;
    }
  }
  return outcome;
}
