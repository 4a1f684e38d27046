"""The agent's phone app: "Ce soir pour moi", the waiting entries (outbox) page, the web app
manifest and the service worker that lets the agent's pages open with no network
(docs/field.md, "Offline")."""
