import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Severity } from './screens/index.js';
import type { AlertIndicator } from './watchdogs/kinds.js';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** What a supervisor concluded: nothing wrong, a warning to the parties, or a case opened. */
export const CONCLUSIONS = ['dismissed', 'warning', 'case-opened'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

/**
 * A red flag raised by a screen (supervision_alerts): once per finding, named by its fingerprint (the
 * indicator and what the evidence is about), then acknowledged and resolved by supervisors.
 */
export class SupervisionAlert extends Model<
  InferAttributes<SupervisionAlert>,
  InferCreationAttributes<SupervisionAlert>
> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string | null;
  /** A screen's indicator, or a watchdog's kind. */
  declare indicator: AlertIndicator;
  declare severity: Severity;
  /** SHA-256 hex of indicator, tender and the finding's identity: unique, so a replay raises nothing. */
  declare fingerprint: string;
  /** JSON of AlertEvidence: the event numbers, a summary and the facts. */
  declare evidence: string;
  declare status: AlertStatus;
  /** The event whose screening raised it. */
  declare raisedBySeq: number;
  declare raisedAt: Date;
  declare acknowledgedAt: Date | null;
  declare acknowledgedBy: string | null;
  declare acknowledgedByName: string | null;
  declare resolvedAt: Date | null;
  declare resolvedBy: string | null;
  declare resolvedByName: string | null;
  declare conclusion: Conclusion | null;
  declare resolutionNote: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Binds the model to one database (see initPartyModels for why a subclass). */
export function initSupervisionModels(sequelize: Sequelize) {
  const BoundAlert = class extends SupervisionAlert {};
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  BoundAlert.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: s(36),
      sectionId: s(36, true),
      indicator: s(40),
      severity: s(16),
      fingerprint: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      evidence: { type: DataTypes.TEXT, allowNull: false },
      status: s(16),
      raisedBySeq: { type: DataTypes.INTEGER, allowNull: false },
      raisedAt: d(),
      acknowledgedAt: d(true),
      acknowledgedBy: s(36, true),
      acknowledgedByName: s(200, true),
      resolvedAt: d(true),
      resolvedBy: s(36, true),
      resolvedByName: s(200, true),
      conclusion: s(16, true),
      resolutionNote: s(2000, true),
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'SupervisionAlert', tableName: 'supervision_alerts', underscored: true },
  );
  return { SupervisionAlert: BoundAlert as typeof SupervisionAlert };
}

export type SupervisionModels = ReturnType<typeof initSupervisionModels>;
