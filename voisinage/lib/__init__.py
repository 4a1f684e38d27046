"""Pure helpers with no models: service nights and hours, environment, geography."""
