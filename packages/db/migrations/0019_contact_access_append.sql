-- The contact-data guard records a whole request's reads in one statement:
-- the grant check and the need-to-know rules are in that statement (see
-- packages/consent/src/guard.ts), the append to each borrower's hash chain is
-- this function. The hash is the same as hashAccess in access-log.ts (the
-- JSON array JSON.stringify writes, then SHA-256), so verifyAccessLog checks
-- rows from either; a test compares the two on awkward strings.
CREATE FUNCTION contact_access_hash(
  prev_hash text, borrower_id uuid, seq bigint, at timestamptz, actor_id text,
  actor_role text, purpose text, scope text, grant_id uuid, fields text[], path text,
  operation_name text, request_id text, client_request_id text, token_id text, acted_by text
) RETURNS text
-- plpgsql, not sql: PostgreSQL 15 plans a sql function's body again at every
-- statement that calls it (0.2 ms each, measured), plpgsql keeps its plan.
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
  RETURN encode(sha256(convert_to(
    '[' || concat_ws(',',
      to_json(prev_hash)::text,
      to_json(borrower_id::text)::text,
      to_json(seq::text)::text,
      -- Date.prototype.toISOString: milliseconds, UTC, a Z.
      to_json(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
      to_json(actor_id)::text,
      to_json(actor_role)::text,
      to_json(purpose)::text,
      to_json(scope)::text,
      coalesce(to_json(grant_id::text)::text, 'null'),
      '[' || coalesce((SELECT string_agg(to_json(f)::text, ',' ORDER BY i)
                       FROM unnest(fields) WITH ORDINALITY AS u(f, i)), '') || ']',
      to_json(path)::text,
      coalesce(to_json(operation_name)::text, 'null'),
      to_json(request_id)::text,
      -- Rows written before these three facts were recorded hash without them.
      CASE WHEN coalesce(client_request_id, '') <> '' OR coalesce(token_id, '') <> ''
                OR coalesce(acted_by, '') <> ''
        THEN concat_ws(',',
          coalesce(to_json(client_request_id)::text, 'null'),
          coalesce(to_json(token_id)::text, 'null'),
          coalesce(to_json(acted_by)::text, 'null'))
      END
    ) || ']', 'UTF8')), 'hex');
END;
$$;
--> statement-breakpoint
-- Appends entries (a JSON array of objects with the log's columns in
-- snake_case, id included, seq and hashes left out) to their borrowers'
-- chains and returns the rows written, in the order given per borrower.
-- A chain has one writer at a time: the function takes a transaction-scoped
-- advisory lock per borrower, in borrower order (two batches never wait on
-- each other in a cycle), and only then reads the chain's end. Each statement
-- of a VOLATILE function sees what committed before it began, so under READ
-- COMMITTED that end is the real one, and the chain neither forks (the unique
-- (borrower_id, seq) would refuse it) nor has gaps. Insert-only: the
-- application role needs no UPDATE on the log. Runs with the caller's rights.
CREATE FUNCTION contact_access_append(entries jsonb) RETURNS SETOF contact_access_log
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  e jsonb;
  borrower uuid;
  current_borrower uuid;
  last_seq bigint;
  last_hash text;
  fields text[];
  appended contact_access_log;
BEGIN
  IF jsonb_typeof(entries) <> 'array' OR jsonb_array_length(entries) > 500 THEN
    RAISE EXCEPTION 'contact_access_append takes an array of at most 500 entries';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('access-log:' || b::text, 0))
    FROM (SELECT DISTINCT (x->>'borrower_id')::uuid AS b
          FROM jsonb_array_elements(entries) AS x ORDER BY 1) AS s;
  FOR e IN
    SELECT x.value FROM jsonb_array_elements(entries) WITH ORDINALITY AS x
    ORDER BY (x.value->>'borrower_id')::uuid, x.ordinality
  LOOP
    borrower := (e->>'borrower_id')::uuid;
    IF current_borrower IS DISTINCT FROM borrower THEN
      current_borrower := borrower;
      SELECT l.seq, l.hash INTO last_seq, last_hash
        FROM contact_access_log AS l
        WHERE l.borrower_id = borrower ORDER BY l.seq DESC LIMIT 1;
      IF NOT FOUND THEN
        last_seq := 0;
        last_hash := repeat('0', 64);
      END IF;
    END IF;
    fields := ARRAY(SELECT jsonb_array_elements_text(e->'fields'));
    INSERT INTO contact_access_log (
      id, borrower_id, seq, at, actor_id, actor_role, purpose, scope, grant_id, fields,
      path, operation_name, request_id, client_request_id, token_id, acted_by,
      prev_hash, hash
    ) VALUES (
      (e->>'id')::uuid, borrower, last_seq + 1, (e->>'at')::timestamptz, e->>'actor_id',
      e->>'actor_role', e->>'purpose', e->>'scope', (e->>'grant_id')::uuid, fields,
      e->>'path', e->>'operation_name', e->>'request_id', e->>'client_request_id',
      e->>'token_id', e->>'acted_by',
      last_hash,
      contact_access_hash(
        last_hash, borrower, last_seq + 1, (e->>'at')::timestamptz, e->>'actor_id',
        e->>'actor_role', e->>'purpose', e->>'scope', (e->>'grant_id')::uuid, fields,
        e->>'path', e->>'operation_name', e->>'request_id', e->>'client_request_id',
        e->>'token_id', e->>'acted_by')
    ) RETURNING * INTO appended;
    last_seq := appended.seq;
    last_hash := appended.hash;
    RETURN NEXT appended;
  END LOOP;
END;
$$;
