import { z } from 'zod';
import { LocaleSchema } from '../domain/locale';
import { IceServerSchema } from '../phone/phone-settings';

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

const wsUrl = z.url({ protocol: /^wss?$/, error: 'expected a ws:// or wss:// URL' });

/**
 * The desk's settings, kept by electron-store in the user's profile. No secrets here: the session token
 * goes through safeStorage (electron/credentials); the SIP identity and password are ephemeral
 * credentials the API issues per session (`sip:credentials`, decision 0011), never settings. No API URL either: where the desk
 * connects is provisioned by an administrator (shared/ipc/connection.ts), never a setting.
 */
export const SettingsSchema = z.strictObject({
  locale: LocaleSchema,
  sip: z.strictObject({
    /** The SIP server's WebSocket URL, e.g. wss://sip.example.com:7443. Empty until configured. */
    wsUrl: z.union([wsUrl, z.literal('')]),
    iceServers: z.array(IceServerSchema).max(10),
    iceGatheringTimeoutMs: z.number().int().min(50).max(10_000),
  }),
  devices: z.strictObject({
    inputId: z.string().max(200).nullable(),
    outputId: z.string().max(200).nullable(),
  }),
  hotkeys: z.strictObject(Object.fromEntries(HOTKEY_ACTIONS.map((a) => [a, KeySchema])) as Record<HotkeyAction, typeof KeySchema>),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  locale: 'ko',
  sip: { wsUrl: '', iceServers: [], iceGatheringTimeoutMs: 500 },
  devices: { inputId: null, outputId: null },
  hotkeys: DEFAULT_HOTKEYS,
};

/** A settings change: any top-level section, replaced whole (so a half-valid section can't be stored). */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
