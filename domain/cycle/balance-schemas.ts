import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { Ore } from '../money';
import { Text, Year } from '../primitives';

/** KF's synnerliga skäl for a budget whose costs exceed its revenue (KL 11 kap 5 §). */
export const BalanceExemption = lazySchema(() => z.object({ reasons: Text }));
export type BalanceExemption = z.infer<typeof BalanceExemption>;

/** One measure of an åtgärdsplan: the year and the amount (öre) it restores. */
export const RecoveryMeasure = lazySchema(() =>
  z.object({
    year: Year,
    amountOre: Ore.positive({ error: 'Beloppet som regleras måste vara större än noll' }),
    description: Text,
  }),
);
export type RecoveryMeasure = z.infer<typeof RecoveryMeasure>;

/** Discharge for one member (ledamot) of the nämnd, with any anmärkning. */
export const DischargeMember = lazySchema(() =>
  z.object({
    name: Text,
    granted: z.boolean(),
    remark: z.object({ reason: Text }).nullable().default(null),
  }),
);
export type DischargeMember = z.infer<typeof DischargeMember>;
