import { z } from 'zod';
import { LocalizedTextSchema } from './locale';

/** A company: a seller, an agency calling on its behalf, or a data provider. */
export const CompanySchema = z.strictObject({
  id: z.string().min(1),
  name: LocalizedTextSchema,
  /** A number the person can call back (US-DISC asks for it; KR-OPTOUT's free refusal line). */
  contactNumber: z.string().min(1),
});
export type Company = z.infer<typeof CompanySchema>;
