"""The content (canary) crawl: a world whose every share carries unique strings, and a crawl that
reads everything each persona can reach (pages, API, exports, documents, e-mails) to find a
string the persona may not read. See test_canary_crawl.py."""
