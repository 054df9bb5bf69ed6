import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Logger } from '../../platform/logger.js';
import type { DrawModels } from './draw-models.js';
import { maskPhone } from './id-number.js';

/** A message to one expert outside the platform. */
export interface OutboundMessage {
  expertId: string;
  phone: string;
  title: string;
  body: string;
}

/**
 * Where draw notices go besides the in-app inbox: an SMS gateway or an automated voice call (语音通知) in
 * production. Sending happens after the draw's transaction commits; a failing channel is logged and the
 * in-app message still stands, so the expert can always answer in the platform.
 */
export interface NotificationChannel {
  readonly name: string;
  send(message: OutboundMessage): Promise<void>;
}

/** The default: logs that a message would go out, with the phone masked and without the body. */
export class LoggingChannel implements NotificationChannel {
  readonly name = 'log';
  constructor(private readonly log: Logger) {}

  async send(message: OutboundMessage): Promise<void> {
    this.log.info(
      {
        channel: this.name,
        expertId: message.expertId,
        phone: maskPhone(message.phone),
        title: message.title,
      },
      'expert notification',
    );
  }
}

/** Writes the in-app message in the caller's transaction and sends on the channel once it commits. */
export class ExpertNotifier {
  constructor(
    private readonly models: DrawModels,
    private readonly channel: NotificationChannel,
    private readonly log: Logger,
  ) {}

  async notify(
    t: Transaction,
    message: OutboundMessage & { drawId: string | null; kind: string; at: Date },
  ): Promise<void> {
    await this.models.InboxMessage.create(
      {
        id: randomUUID(),
        expertId: message.expertId,
        drawId: message.drawId,
        kind: message.kind,
        title: message.title,
        body: message.body,
        readAt: null,
        createdAt: message.at,
      },
      { transaction: t },
    );
    const { expertId, phone, title, body } = message;
    t.afterCommit(() => {
      this.channel.send({ expertId, phone, title, body }).catch((err: unknown) => {
        this.log.error({ err, channel: this.channel.name, expertId }, 'notification channel failed');
      });
    });
  }
}
