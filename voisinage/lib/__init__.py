"""Pure helpers with no models: service nights and hours, staffing rules, environment."""
