import type { Role } from '../../../api/auth';
import type { Action } from '../../../domain/access/authorize';
import type { CycleOrgan } from '../../../domain/cycle/events';
import type { PersonCycleCommandType } from '../../../domain/cycle/person-commands';
import type { MunicipalityCommandInput } from '../../../domain/municipality/commands';

/** Where in its life a fresh cycle is started (its clock's domain instant) for a command to be possible. */
export type Stage = 'early' | 'late';

/** What one write cell's request is about: its municipality, organ and task, and a tag of its own. */
export interface WriteScope {
  municipalityId: string;
  /** The organ the cell is about (the caller's own or another), where the path or body names one. */
  organId: string;
  /** The municipality's organs (all of Ale's, or the three of a fresh municipality). */
  organs: readonly CycleOrgan[];
  /** The organ's task the route acts on (task routes). */
  taskId: string;
  /** Unique per cell, so ids and decisions of one cell never meet another cell's. */
  tag: string;
}

/**
 * Where an allowed write runs so that it succeeds without disturbing any other cell:
 * - municipality: a fresh registered municipality (no cycle);
 * - unregistered: a municipality id nobody has registered (registration itself);
 * - as-is: the matrix's own two municipalities (public routes, which store no domain event);
 * - cycle: a fresh municipality's cycle started at `stage`, where `after` have been recorded first;
 * - task: a fresh municipality's cycle with the organ's task given out (and handed in when `submitted`).
 * Cycle and task cells share a cycle when they cannot meet: never the same route and organ, nor the same task.
 */
export type Fixture =
  | { kind: 'municipality' }
  | { kind: 'unregistered' }
  | { kind: 'as-is' }
  | {
      kind: 'cycle';
      stage: Stage;
      command: PersonCycleCommandType;
      after?: readonly PersonCycleCommandType[];
    }
  | { kind: 'task'; submitted: boolean };

/** API tables that routes write directly (not through the event store), each with a municipality_id. */
export const API_TABLES = ['api_task_drafts', 'api_calendar_feeds', 'api_accessibility_reports'] as const;
export type ApiTable = (typeof API_TABLES)[number];

/** How the matrix sends a route a valid request, and what the route's permission check decides. */
export interface WriteBuilder {
  fixture: Fixture;
  /** The body (or the path, through `params`) names an organ: the matrix tries the own and another one. */
  namesOrgan?: boolean;
  /** The body names the municipality (registration): the matrix tries the token's own and another one. */
  namesMunicipality?: boolean;
  /** What `authorize` is asked for this request (null: the route's roles alone decide). */
  action(scope: WriteScope): Action | null;
  /** Path parameters beyond the municipality, organ and task. */
  params?(scope: WriteScope): Record<string, string>;
  /** Municipality commands the fresh municipality records first (allowed cells only). */
  setup?(scope: WriteScope): MunicipalityCommandInput[];
  /** The valid body (undefined: the route takes none). */
  body(scope: WriteScope): unknown;
  /** Where a success leaves its trace: events by the caller, a row in an API table, or nothing (dry runs). */
  stores: 'events' | ApiTable | null;
  /** Who sends it when it is a prerequisite of another cell (default the process owner). */
  sentBy?: Role;
}
