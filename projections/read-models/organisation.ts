import { type DocKind, first, setFirst, update } from '../fold';
import type { Projection } from '../types';
import { municipalityOf } from './keys';

const MUNICIPALITIES = 'rm_municipalities';
const ORGANS = 'rm_organs';

const municipality: DocKind = {
  name: 'municipality',
  tables: [{ table: MUNICIPALITIES, key: ['municipality_id'], columns: ['municipality_id', 'name'] }],
};
const organ: DocKind = {
  name: 'organ',
  tables: [
    {
      table: ORGANS,
      key: ['municipality_id', 'organ_id'],
      columns: ['municipality_id', 'organ_id', 'kind', 'name', 'short_name', 'removed_at', 'removal_reason'],
    },
  ],
};

/** Municipalities and their organs, for names in every report. */
export const organisation: Projection = {
  name: 'organisation',
  description: 'kommuner och deras organ',
  tables: [ORGANS, MUNICIPALITIES],
  eventTypes: ['MunicipalityRegistered', 'OrganAdded', 'OrganRenamed', 'OrganRemoved'],
  docs: [municipality, organ],
  fold({ event, streamId }, docs) {
    switch (event.type) {
      case 'MunicipalityRegistered': {
        const d = event.data;
        setFirst(docs.get(municipality, [d.municipalityId]), MUNICIPALITIES, {
          municipality_id: d.municipalityId,
          name: d.name,
        });
        return;
      }
      case 'OrganAdded': {
        const d = event.data;
        const municipalityId = municipalityOf(streamId);
        const doc = docs.get(organ, [municipalityId, d.organId]);
        const before = first(doc, ORGANS);
        setFirst(doc, ORGANS, {
          municipality_id: municipalityId,
          organ_id: d.organId,
          kind: d.kind,
          name: d.name,
          short_name: d.shortName,
          removed_at: before?.removed_at ?? null,
          removal_reason: before?.removal_reason ?? null,
        });
        return;
      }
      case 'OrganRenamed': {
        // Same organ id: every report that joins rm_organs shows the new name (organ.change-during-cycle).
        const d = event.data;
        update(docs.get(organ, [municipalityOf(streamId), d.organId]), ORGANS, (r) => ({
          ...r,
          name: d.name,
          short_name: d.shortName,
        }));
        return;
      }
      case 'OrganRemoved': {
        // The row stays so history and reports still name the organ; lists of organs now leave it out.
        const d = event.data;
        update(docs.get(organ, [municipalityOf(streamId), d.organId]), ORGANS, (r) => ({
          ...r,
          removed_at: d.at,
          removal_reason: d.reason,
        }));
        return;
      }
      default:
        return;
    }
  },
};
