-- Up Migration

-- kolada: indicators bound to Kolada KPIs, and the newest value Kolada published per KPI, municipality,
-- year and gender, with the event that recorded it (where the number came from).
CREATE TABLE rm_kolada_bindings (
  municipality_id       text        NOT NULL,
  indicator_id          text        NOT NULL,
  kpi_id                text        NOT NULL,
  years                 integer[]   NOT NULL,
  comparison_codes      text[]      NOT NULL,
  bound_at              timestamptz NOT NULL,
  bound_by              text        NOT NULL,
  PRIMARY KEY (municipality_id, indicator_id)
);

CREATE TABLE rm_kolada_values (
  municipality_id   text             NOT NULL,
  kpi_id            text             NOT NULL,
  municipality_code text             NOT NULL,
  period            integer          NOT NULL,
  gender            text             NOT NULL CHECK (gender IN ('T', 'K', 'M')),
  status            text,
  value             double precision,
  count             integer,
  source            text             NOT NULL,
  url               text             NOT NULL,
  fetched_at        timestamptz      NOT NULL,
  event_id          uuid             NOT NULL,
  global_position   bigint           NOT NULL,
  revisions         integer          NOT NULL DEFAULT 1,
  PRIMARY KEY (municipality_id, kpi_id, municipality_code, period, gender)
);

REVOKE ALL ON rm_kolada_bindings, rm_kolada_values FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON rm_kolada_bindings, rm_kolada_values TO arshjul;

-- Down Migration

DROP TABLE rm_kolada_values;
DROP TABLE rm_kolada_bindings;
