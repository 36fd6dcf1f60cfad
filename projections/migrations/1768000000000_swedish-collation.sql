-- Up Migration

-- Swedish alphabetical order for names in the read models (… x y z å ä ö). The cluster runs with
-- C.UTF-8, where a plain ORDER BY puts Ä before Å; Debian's PostgreSQL is built with ICU.
CREATE COLLATION IF NOT EXISTS public.sv (provider = icu, locale = 'sv-SE');

-- Down Migration

DROP COLLATION IF EXISTS public.sv;
