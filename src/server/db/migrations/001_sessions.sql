-- 001: OAuth mode's server-side sessions (src/server/session-store.ts).
CREATE TABLE md_sessions (
  -- SHA-256 (base64url) of the md_sid cookie's value: the cookie itself is never stored.
  id_hash text PRIMARY KEY,
  -- Sent to the browser (GET /session) and echoed as X-CSRF-Token; of no use without the cookie.
  csrf_token text NOT NULL,
  -- The Canvas user who signed in.
  user_id bigint,
  user_name text,
  -- The Canvas access and refresh tokens: AES-256-GCM (src/server/db/token-cipher.ts), 12-byte IV || ciphertext
  -- || 16-byte tag, with id_hash as additional authenticated data. NULL once Canvas refused to renew them.
  tokens bytea,
  -- Which key encrypted `tokens`: an id derived from the key (SESSION_ENCRYPTION_KEY, SESSION_ENCRYPTION_OLD_KEYS).
  tokens_key_id text,
  token_expires_at timestamptz,
  token_issued_at timestamptz,
  -- One more at every change of `tokens`: a write that read an older version changes nothing.
  token_version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  -- The earlier of last_seen_at + the idle lifetime and created_at + the absolute one; swept after it.
  expires_at timestamptz NOT NULL,
  CHECK ((tokens IS NULL) = (tokens_key_id IS NULL))
);

CREATE INDEX md_sessions_expires_at ON md_sessions (expires_at);
