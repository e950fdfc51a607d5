import { z } from 'zod';
import { IsoInstantSchema } from './common';

/**
 * Roles: `agent` calls; `lead` reviews their team; `trainer` runs practice; `admin` does everything,
 * including imports, DNC snapshots and ledger verification.
 */
export const ROLES = ['agent', 'lead', 'trainer', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** A user as the API shows it (never the password hash). */
export const UserViewSchema = z
  .strictObject({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    teamId: z.string().nullable(),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof UserViewSchema>;

export const LoginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.strictObject({
  /** Send as `Authorization: Bearer <token>`; it expires at `expiresAt`. */
  token: z.string(),
  expiresAt: IsoInstantSchema,
  user: UserViewSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const MeResponseSchema = z.strictObject({ user: UserViewSchema, tokenExpiresAt: IsoInstantSchema });
export type MeResponse = z.infer<typeof MeResponseSchema>;
