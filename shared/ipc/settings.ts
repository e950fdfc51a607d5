import { z } from 'zod';
import { LocaleSchema } from '../domain/locale';

/** Keyboard shortcuts of the desk: one key per answer, so an agent never needs the mouse. */
export const HOTKEY_ACTIONS = ['confirm', 'yes', 'no', 'later', 'optOut', 'refuse', 'hangUp', 'dial', 'nextLead', 'mute', 'hold'] as const;
export const HotkeyActionSchema = z.enum(HOTKEY_ACTIONS);
export type HotkeyAction = z.infer<typeof HotkeyActionSchema>;
const KeySchema = z.string().min(1).max(20);

export const DEFAULT_HOTKEYS: Record<HotkeyAction, string> = {
  confirm: 'Enter',
  yes: 'y',
  no: 'n',
  later: 'l',
  optOut: 'o',
  refuse: 'r',
  hangUp: 'Escape',
  dial: 'd',
  nextLead: 'j',
  mute: 'm',
  hold: 'h',
};

/** Connection values that earlier desks kept as settings and an administrator now provisions (decision 0015). */
export const PROVISIONED_SIP_KEYS = ['wsUrl', 'iceServers'] as const;

const PROVISIONED_MESSAGE = 'the SIP edge URL and ICE servers are provisioned by your administrator (desk policy), not settings';

/**
 * The desk's settings, kept by electron-store in the user's profile. No secrets here: the session token
 * goes through safeStorage (electron/credentials); the SIP identity and password are ephemeral
 * credentials the API issues per session (`sip:credentials`, decision 0011), never settings. No
 * connection either: the API URL, the SIP edge URL and the ICE servers are provisioned by an
 * administrator (shared/ipc/connection.ts, decisions 0030 and 0015); `settings:update` naming one is
 * refused with that reason.
 */
export const SettingsSchema = z.strictObject({
  locale: LocaleSchema,
  sip: z.strictObject(
    {
      iceGatheringTimeoutMs: z.number().int().min(50).max(10_000),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' && issue.keys.some((k) => (PROVISIONED_SIP_KEYS as readonly string[]).includes(k)) ? PROVISIONED_MESSAGE : undefined,
    },
  ),
  devices: z.strictObject({
    inputId: z.string().max(200).nullable(),
    outputId: z.string().max(200).nullable(),
  }),
  hotkeys: z.strictObject(Object.fromEntries(HOTKEY_ACTIONS.map((a) => [a, KeySchema])) as Record<HotkeyAction, typeof KeySchema>),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  locale: 'ko',
  sip: { iceGatheringTimeoutMs: 500 },
  devices: { inputId: null, outputId: null },
  hotkeys: DEFAULT_HOTKEYS,
};

/** A settings change: any top-level section, replaced whole (so a half-valid section can't be stored). */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
