-- The crash-loop guard's ledger: one row per SegmentStudy message while its processing has been started and not
-- finished. A worker that dies mid-study (a native abort on a poison file, an out-of-memory kill) cannot remove the
-- row, so the count of unfinished starts survives it; the next worker to take the redelivered message sees how many
-- workers that study has already ended and sets it aside instead of dying too.

CREATE TABLE delivery_attempts (
    message_id         uuid PRIMARY KEY,
    study_instance_uid text NOT NULL,
    -- Deliveries of this message whose processing began and never finished.
    unfinished         integer NOT NULL CHECK (unfinished > 0),
    first_started_at   timestamptz NOT NULL DEFAULT now(),
    last_started_at    timestamptz NOT NULL DEFAULT now()
);
