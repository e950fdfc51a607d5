import nodemailer from 'nodemailer';
import type { Notifier } from './notifier';

/**
 * The SMTP notifier (nodemailer): `url` is an SMTP URL (`smtp://user:pass@host:587`, `smtps://...`),
 * `from` the sender address. The message is accepted when the SMTP server answers 250 to DATA.
 */
export function smtpNotifier(url: string, from: string): Notifier & { close(): void } {
  const transport = nodemailer.createTransport(url);
  return {
    channel: 'smtp',
    async send(message) {
      const info = await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
