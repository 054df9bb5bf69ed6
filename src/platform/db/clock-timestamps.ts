import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';

/**
 * Row timestamps (createdAt, updatedAt) come from the platform clock, like every other time, so a
 * test's clock governs them too and one node's drift shows up in one place.
 */
export function useClockForTimestamps(sequelize: Sequelize, clock: Clock): void {
  sequelize.addHook('beforeSave', (instance) => {
    const attributes = (instance.constructor as unknown as { rawAttributes: Record<string, unknown> })
      .rawAttributes;
    const now = clock.now();
    if ('updatedAt' in attributes) instance.set('updatedAt' as never, now as never, { raw: true });
    if (instance.isNewRecord && 'createdAt' in attributes)
      instance.set('createdAt' as never, now as never, { raw: true });
  });
  // bulkCreate runs no beforeSave: its rows get the clock's time here, or Sequelize would stamp the system's.
  sequelize.addHook('beforeBulkCreate', (instances) => {
    const now = clock.now();
    for (const instance of instances) {
      const attributes = (instance.constructor as unknown as { rawAttributes: Record<string, unknown> })
        .rawAttributes;
      if ('updatedAt' in attributes) instance.set('updatedAt' as never, now as never, { raw: true });
      if ('createdAt' in attributes) instance.set('createdAt' as never, now as never, { raw: true });
    }
  });
  sequelize.addHook('beforeBulkUpdate', (options) => {
    const { attributes, model } = options as {
      attributes?: Record<string, unknown>;
      model?: { rawAttributes: object };
    };
    if (attributes && model && 'updatedAt' in model.rawAttributes) attributes.updatedAt = clock.now();
  });
}
