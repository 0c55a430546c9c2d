// Help texts, one per command, each with examples that work as written.

const KEYS = `Keys (for create, verify and serve):
  --api-key KEY                         the API key (else LIVEKIT_API_KEY)
  --api-secret-file PATH                read the secret from a file; "-" reads stdin
                                        (one trailing newline is dropped)
  --api-secret SECRET                   the secret on the command line: VISIBLE to every user
                                        of this machine in the process list (ps) and kept in
                                        shell history; prefer the file or the environment
  LIVEKIT_API_KEY / LIVEKIT_API_SECRET  environment, used when the flags are absent
  --keys-file PATH                      LiveKit's key file ("key: secret" lines); the first key
                                        signs unless --api-key names another; all verify
  LIVEKIT_KEYS                          the same "key: secret" lines in the environment
                                        (not together with LIVEKIT_API_SECRET)
  --dev                                 LiveKit's dev-mode pair devkey / secret (livekit-server --dev)
Keys and secrets are used exactly as given: one that starts or ends with whitespace is refused.`;

const DURATIONS = `Durations: 90s, 10m, 1.5h, 1h30m, 2d or PT1H30M. A bare number is seconds, and from 1 to 59
it is refused as a likely slip ('24' is 24 seconds — did you mean '24h'?): write 24s.`;

export const HELP: Record<string, string> = {
  main: `livekit-token: mint, inspect and verify LiveKit access tokens

Usage: livekit-token <command> [options]

Commands:
  create   mint a token and print it
  decode   explain a token (header, claims, expiry, grants) without any key
  verify   check a token's signature and times; exit 0 when valid, 1 when not
  serve    run the token service (POST /token …) on PORT
  inspect  open the token debugger page: timeline, grants in words, warnings, verify

Run livekit-token <command> --help for its options and examples.

Examples:
  livekit-token create --dev --room demo --identity alice
  livekit-token decode "$TOKEN"
  livekit-token verify --dev "$TOKEN"
  pbpaste | livekit-token inspect

${KEYS}

Exit codes: 0 success, 1 the token is invalid (or the command failed), 2 wrong usage.
Colour only on a terminal, never with NO_COLOR set.`,

  create: `Usage: livekit-token create [options]

Mints a token and prints it on stdout; a summary and the expiry go to stderr. A token that
grants nothing (no video, sip, agent, inference or observability claim) is refused unless
--allow-empty is given.

Who:
  --identity ID          participant identity (required to join)
  --name NAME            display name
  --kind KIND            standard | ingress | egress | sip | agent | connector | bridge
  --metadata TEXT        participant metadata, a string (often JSON), stored as typed
  --attribute KEY=VALUE  participant attribute (repeatable; wins over --attribute-file)
  --attribute-file PATH  participant attributes from a JSON object of strings

What (video grant):
  --room ROOM            the room; on its own it means --join
  --join                 may join --room
  --admin                may administer --room (roomAdmin)
  --create               may create and delete rooms (roomCreate)
  --list                 may list rooms (roomList)
  --record, --egress     may use the Egress API: record, stream (roomRecord)
  --ingress              may use the Ingress API (ingressAdmin)
  --allow-source LIST    publish only from these sources: camera,microphone,screen_share,screen_share_audio
  --allow-update-metadata  may update its own name, metadata and attributes
  --grant JSON           more video grant fields, e.g. '{"canPublish":false,"hidden":true}'
  --preset ROLE          start from a role: participant | viewer | admin | recorder | agent | sip
                         (sip needs --phone, E.164: +15551234567; --agent names the agent to dispatch)
  --phone NUMBER         the caller's number for --preset sip, E.164 (+, then 7 to 15 digits)
  --inference            may use LiveKit Inference (inference.perform)

Agent dispatch (roomConfig.agents):
  --agent NAME           dispatch this agent when the room is created (repeatable)
  --job-metadata TEXT    metadata handed to every dispatched agent's job
  --deployment NAME      the agent deployment every dispatch goes to
  --room-config PATH     a RoomConfiguration JSON object (emptyTimeout, maxParticipants, agents …),
                         checked field by field; --agent dispatches are added after its agents

How long:
  --valid-for DURATION   how long the token lives (default 6h; 10m for a server-API token:
                         --admin, --create, --list, --record or --ingress without --join)
  --now DATE|OFFSET      mint as of this instant instead of now: ISO 8601, epoch ms, or an
                         offset such as +1h (a negative one: --now=-30m)
${DURATIONS}

Output:
  --json                 print {token, url, identity, room, expiresAt, claims} instead of the token
  --url URL              the server URL for --json's url (else LIVEKIT_URL), e.g. wss://my-project.livekit.cloud;
                         used exactly as given: one with surrounding whitespace is refused
  --token-only           print the token alone, and nothing on stderr (for scripts)
  --allow-empty          mint even a token that grants nothing

${KEYS}

Examples:
  livekit-token create --dev --room demo --identity alice
  livekit-token create --dev --room demo --identity bob --allow-source microphone --valid-for 10m
  livekit-token create --dev --preset viewer --room keynote --identity viewer-1 --json
  livekit-token create --dev --preset sip --room call-1 --phone +15551234567 --agent receptionist
  livekit-token create --dev --room demo --identity a --agent helper --job-metadata '{"lang":"en"}'
  TOKEN=$(livekit-token create --api-key APIxyz --api-secret-file ~/.livekit-secret --list --token-only)
  LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... livekit-token create --create --list --valid-for 10m`,

  decode: `Usage: livekit-token decode [TOKEN | -] [options]

Explains a token without checking its signature (no key needed): whether it is valid now
("valid for 5 h 59 min", "EXPIRED 3 min ago", "not valid for another 2 min"), what its grants
allow, its header and its claims with timestamps as ISO dates. Reads stdin when TOKEN is
absent or "-"; a leading "Bearer " is ignored. Control and bidi characters from the token are
shown escaped (\\u001b), so a hostile token cannot drive the terminal.

Options:
  --json      print the decoded parts as JSON (exact JSON; such characters as \\uXXXX escapes)
  --now DATE  judge expiry as of this instant: ISO 8601, epoch ms, or an offset such as +1h
              (a negative one: --now=-30m); the status then speaks of "the given time"

Examples:
  livekit-token decode eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ...
  pbpaste | livekit-token decode
  livekit-token decode --json "$TOKEN" | jq .status`,

  verify: `Usage: livekit-token verify [TOKEN | -] [options]

Checks the signature, the algorithm (HS256 only) and the times. Exit 0 and a one-line summary
when valid; exit 1 with the error code and a hint when not. Reads stdin when TOKEN is absent
or "-".

Options:
  --room ROOM              the token must be for this room
  --identity ID            the token must be for this identity
  --clock-tolerance DURATION  allowed clock skew (default 10s; a LiveKit server allows 60s)
  --max-ttl DURATION       refuse tokens that live longer
  --valid-for-at-least DURATION  also fail (exit 1, ERR_TOKEN_EXPIRES_SOON) when the token
                           expires within DURATION; checked last, without clock tolerance
  --now DATE|OFFSET        verify as of this instant: ISO 8601, epoch ms, or an offset such
                           as +1h (a negative one: --now=-30m); messages then speak of "the
                           given time"
  --json                   print {valid, …} as JSON on stdout, and nothing on stderr
${DURATIONS}

${KEYS}

Examples:
  livekit-token verify --dev "$TOKEN"
  LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... livekit-token verify --room demo "$TOKEN"
  printf '%s\\n' "$TOKEN" | livekit-token verify --valid-for-at-least 1h   # health check`,

  serve: `Usage: livekit-token serve [options]

Runs the token service (livekit-token/handler): GET /health, GET /ready, POST /token (also
LiveKit's standard token endpoint), POST /token/verify. Stops on Ctrl-C (SIGINT) or SIGTERM. With --dev, GET /
is the token debugger page (see livekit-token inspect --help).

Configuration (environment):
  PORT                       port to listen on (default 3001; --port wins; 0 picks a free one)
  HOST                       address to bind (default 127.0.0.1; --host wins)
  LIVEKIT_API_KEY / LIVEKIT_API_SECRET   signing key (or --api-key/--api-secret, or --dev)
  LIVEKIT_WS_URL             returned to clients; else LIVEKIT_URL (default ws://localhost:7880 with --dev)
  DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS, MIN_TOKEN_TTL_SECONDS   whole seconds
  CORS_ORIGINS               see docs/token-service.md

Authorization: the CLI has no way to run your own authorize() check, so it refuses to start
unless you choose anonymous minting explicitly. DEV ONLY: anyone who can reach the port gets a
token for any room. For production, mount createTokenHandler in your app with authorize().
  --allow-anonymous          or ALLOW_ANONYMOUS=1

Options:
  --port N, --host ADDR, --ws-url URL, --allow-anonymous, and the key options below.

${KEYS}

Examples:
  livekit-token serve --dev --allow-anonymous      # a request without room or identity gets random ones
  curl -s localhost:3001/token -H 'content-type: application/json' -d '{"room":"demo","identity":"alice"}'`,

  inspect: `Usage: livekit-token inspect [TOKEN | -] [options]

Opens the token debugger: one self-contained page that shows the token's header and claims,
a timeline of nbf, iat and exp against now, every grant in words, warnings (expired, room-less
join, grants LiveKit ignores, credentials in roomConfig.egress, sizes near the limits) and a box
to verify the signature with a key and secret typed into the page. Nothing leaves the machine:
the page loads nothing from elsewhere and its Content-Security-Policy forbids any request
beyond the address that served it.

Without --html, the page is served on 127.0.0.1 (a random port and path) and opened in the
browser; the token is handed to the page by a POST, never in a URL. The server stops when the
page is closed, after --timeout, or on Ctrl-C. Without a token, paste one into the page.

The token: the TOKEN argument, or stdin when it is "-" or piped in. A TOKEN argument is
VISIBLE to every user of this machine in the process list (ps) and stays in shell history:
prefer stdin (pbpaste | livekit-token inspect) or the page's paste box.

Options:
  --html FILE        write the page to FILE instead (the token inside, readable by you only)
  --no-open          print the address instead of opening a browser (no display, SSH)
  --timeout DURATION stop the server after this long (default 10m, at most 1d)

Examples:
  pbpaste | livekit-token inspect
  livekit-token inspect --no-open - < token.txt
  livekit-token inspect --html token.html - < token.txt
  livekit-token inspect`,
};
