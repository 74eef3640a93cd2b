-- 002: LTI 1.3 launches (src/server/lti/).

-- The nonces this server sent Canvas in OIDC login requests (/lti/login), each good for one launch (/lti/launch).
CREATE TABLE md_lti_nonces (
  -- SHA-256 (base64url) of the nonce: the value itself is never stored.
  nonce_hash text PRIMARY KEY,
  -- SHA-256 (base64url) of the `state` sent with it: the launch must bring back both.
  state_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  -- Set by the launch that used it; a second launch with it is a replay.
  used_at timestamptz,
  -- Swept after it (session-store.ts, SWEPT_TABLES).
  expires_at timestamptz NOT NULL
);
CREATE INDEX md_lti_nonces_expires_at ON md_lti_nonces (expires_at);

-- Each Canvas user's OAuth2 tokens, kept after their first sign-in so that later LTI launches sign them in directly.
CREATE TABLE md_user_tokens (
  -- The platform (LTI_ISSUER) and its Canvas user id.
  issuer text NOT NULL,
  user_id bigint NOT NULL,
  user_name text,
  -- The Canvas access and refresh tokens: AES-256-GCM (src/server/db/token-cipher.ts), additional authenticated data
  -- `moderation-desk/user-tokens/v1:<issuer>:<user_id>`.
  tokens bytea NOT NULL,
  tokens_key_id text NOT NULL,
  token_expires_at timestamptz,
  token_issued_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (issuer, user_id)
);
CREATE INDEX md_user_tokens_expires_at ON md_user_tokens (expires_at);

-- One-time links that sign a new browser tab in after a launch whose cookies the browser kept back (Safari).
CREATE TABLE md_lti_links (
  -- SHA-256 (base64url) of the link's token.
  token_hash text PRIMARY KEY,
  issuer text NOT NULL,
  user_id bigint NOT NULL,
  -- The page to open (a path on this site).
  return_to text NOT NULL,
  used_at timestamptz,
  expires_at timestamptz NOT NULL
);
CREATE INDEX md_lti_links_expires_at ON md_lti_links (expires_at);
