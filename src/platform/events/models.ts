import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One committed domain event, as stored (see EventEnvelope for the shape readers get). */
export class DomainEventRow extends Model<
  InferAttributes<DomainEventRow>,
  InferCreationAttributes<DomainEventRow>
> {
  declare seq: number;
  declare type: string;
  declare tenderId: string | null;
  declare actorUserId: string | null;
  declare actorRole: string | null;
  declare actorName: string | null;
  declare ip: string;
  declare requestId: string;
  declare at: Date;
  /** Canonical JSON of the payload. */
  declare data: string;
}

/** How far one consumer has read: the last event it handled. */
export class EventCursorRow extends Model<
  InferAttributes<EventCursorRow>,
  InferCreationAttributes<EventCursorRow>
> {
  declare consumer: string;
  declare lastSeq: number;
  declare updatedAt: Date;
}

/**
 * The audit chain's head row seen through its event counter only. Event writers lock this row, as audit
 * writers do (src/platform/audit/audit-log.ts), so both serialise on one lock.
 */
export class EventHeadRow extends Model<
  InferAttributes<EventHeadRow>,
  InferCreationAttributes<EventHeadRow>
> {
  declare id: number;
  declare eventSeq: number;
}

/** Binds the stream's models to one database (see initPartyModels for why subclasses). */
export function initEventModels(sequelize: Sequelize) {
  const common = { sequelize, underscored: true, timestamps: false } as const;
  // A function: Sequelize writes each attribute's column name into its definition object.
  const seq = () => ({ type: DataTypes.BIGINT, allowNull: false });
  const DomainEvent = class extends DomainEventRow {};
  DomainEvent.init(
    {
      seq: { ...seq(), primaryKey: true },
      type: { type: DataTypes.STRING(60), allowNull: false },
      tenderId: { type: DataTypes.STRING(36), allowNull: true },
      actorUserId: { type: DataTypes.STRING(36), allowNull: true },
      actorRole: { type: DataTypes.STRING(16), allowNull: true },
      actorName: { type: DataTypes.STRING(200), allowNull: true },
      ip: { type: DataTypes.STRING(64), allowNull: false },
      requestId: { type: DataTypes.STRING(100), allowNull: false },
      at: { type: DataTypes.DATE(3), allowNull: false },
      data: { type: DataTypes.TEXT, allowNull: false },
    },
    { ...common, modelName: 'DomainEvent', tableName: 'domain_events' },
  );
  const EventCursor = class extends EventCursorRow {};
  EventCursor.init(
    {
      consumer: { type: DataTypes.STRING(60), primaryKey: true },
      lastSeq: seq(),
      updatedAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { ...common, modelName: 'EventCursor', tableName: 'event_cursors' },
  );
  const EventHead = class extends EventHeadRow {};
  EventHead.init(
    { id: { type: DataTypes.INTEGER, primaryKey: true }, eventSeq: seq() },
    { ...common, modelName: 'EventHead', tableName: 'audit_head' },
  );
  return {
    DomainEvent: DomainEvent as typeof DomainEventRow,
    EventCursor: EventCursor as typeof EventCursorRow,
    EventHead: EventHead as typeof EventHeadRow,
  };
}

export type EventModels = ReturnType<typeof initEventModels>;
