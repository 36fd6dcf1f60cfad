-- Up Migration
-- The e-mail sender's checkpoint in the event log and its sent log: one row per fact and recipient.
create table mail_checkpoint (
  name text primary key,
  position bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table mail_outbox (
  -- '{eventId}:{recipient}': the domain fact and who is told of it; planning twice changes nothing.
  key text primary key,
  event_id uuid not null,
  global_position bigint not null,
  municipality_id text not null,
  kind text not null,
  recipient text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  message_id text not null unique,
  -- pending → sending (handed to SMTP) → sent; a 'sending' row found at start-up is sent again with
  -- the same Message-ID (the SMTP reply may have been lost with the process).
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent')),
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz not null default now(),
  occurred_at timestamptz not null,
  planned_at timestamptz not null default now(),
  sent_at timestamptz
);

create index mail_outbox_due on mail_outbox (next_attempt_at, global_position) where status <> 'sent';

revoke all on mail_checkpoint, mail_outbox from public;
grant select, insert, update on mail_checkpoint, mail_outbox to arshjul;

-- Down Migration
drop table mail_outbox;
drop table mail_checkpoint;
