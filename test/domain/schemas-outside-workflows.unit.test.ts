import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CycleCommand } from '../../domain/cycle/commands';
import { DomainEvent } from '../../domain/events';
import { TaskSubmission } from '../../domain/task/content';

// Outside the workflow sandbox (API, projections) domain/'s schemas are built at once, plain zod
// objects: zod's JSON Schema output, which the API's OpenAPI document uses, keys them by identity.
describe("domain/'s schemas outside workflows", () => {
  it('give JSON Schema, as the OpenAPI document needs', () => {
    for (const schema of [CycleCommand, TaskSubmission, DomainEvent]) {
      const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });
      expect(json.anyOf ?? json.oneOf).toBeDefined();
    }
  });
});
