import type { Projection } from '../types';
import { municipalityOf } from './keys';

/** Municipalities and their organs, for names in every report. */
export const organisation: Projection = {
  name: 'organisation',
  description: 'kommuner och deras organ',
  tables: ['rm_organs', 'rm_municipalities'],
  eventTypes: ['MunicipalityRegistered', 'OrganAdded', 'OrganRenamed', 'OrganRemoved'],
  async handle({ event, streamId }, tx) {
    switch (event.type) {
      case 'MunicipalityRegistered':
        await tx.query(
          `insert into rm_municipalities (municipality_id, name) values ($1, $2)
           on conflict (municipality_id) do update set name = excluded.name`,
          [event.data.municipalityId, event.data.name],
        );
        return;
      case 'OrganAdded':
        await tx.query(
          `insert into rm_organs (municipality_id, organ_id, kind, name, short_name) values ($1, $2, $3, $4, $5)
           on conflict (municipality_id, organ_id)
           do update set kind = excluded.kind, name = excluded.name, short_name = excluded.short_name`,
          [
            municipalityOf(streamId),
            event.data.organId,
            event.data.kind,
            event.data.name,
            event.data.shortName,
          ],
        );
        return;
      case 'OrganRenamed':
        // Same organ id: every report that joins rm_organs shows the new name (organ.change-during-cycle).
        await tx.query(
          `update rm_organs set name = $3, short_name = $4 where municipality_id = $1 and organ_id = $2`,
          [municipalityOf(streamId), event.data.organId, event.data.name, event.data.shortName],
        );
        return;
      case 'OrganRemoved':
        // The row stays so history and reports still name the organ; lists of organs now leave it out.
        await tx.query(
          `update rm_organs set removed_at = $3, removal_reason = $4
           where municipality_id = $1 and organ_id = $2`,
          [municipalityOf(streamId), event.data.organId, event.data.at, event.data.reason],
        );
        return;
      default:
        return;
    }
  },
};
