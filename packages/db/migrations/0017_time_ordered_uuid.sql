-- Ids written set-based by SQL (close of business's journal entries and
-- postings, planned messages) came from gen_random_uuid(): random keys, so
-- every insert landed on a random page of an ever larger primary-key index
-- and the cost of a day grew with the journal. These are UUIDv7 like the
-- application's own (newId): 48 bits of milliseconds, then random bits, so
-- new keys go to the right edge of the index.
CREATE FUNCTION time_ordered_uuid(at timestamptz DEFAULT clock_timestamp()) RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              placing substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
