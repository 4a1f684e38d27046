"""Instructions received by e-mail: reading a message (``parse``), the SMTP/LMTP listener
(``listener``) and IMAP polling (``imap``). Both channels hand the raw message to one service,
``desk.services.inbound_email_receive``."""
