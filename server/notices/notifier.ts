/**
 * How the server tells a person something (KR-WITHDRAW: the result of their opt-out). One interface,
 * so the channel (SMTP here; an SMS gateway, a postal service) is configuration, and tests use a real
 * local SMTP server rather than a fake.
 */
export interface NoticeMessage {
  /** Where the notice goes (an e-mail address, or an e-mail-to-SMS gateway address). Personal data. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Notifier {
  /** The channel's name as recorded with each notice (`smtp`). */
  readonly channel: string;
  /** Sends one notice; resolves with the channel's message id once the channel accepted it. */
  send(message: NoticeMessage): Promise<{ readonly messageId: string }>;
}
