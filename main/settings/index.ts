/** App settings: stored values over defaults, change listeners, and the `settings` namespace. */
export { SettingsService, type SettingsView } from './settings-service.js';
export { SettingsRepository } from './settings-repository.js';
export { createSettingsModule, type SettingsModule } from './settings-module.js';
