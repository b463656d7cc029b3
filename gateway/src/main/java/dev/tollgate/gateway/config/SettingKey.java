package dev.tollgate.gateway.config;

/**
 * One setting: its YAML key, its command-line flag and environment variable (null when the
 * setting is YAML-only), its type, and its default (null: none).
 */
record SettingKey<T>(String yamlKey, String flag, String env, ValueType<T> type, T defaultValue) {

    static <T> SettingKey<T> of(String yamlKey, String flag, String env, ValueType<T> type, T defaultValue) {
        return new SettingKey<>(yamlKey, flag, env, type, defaultValue);
    }

    static <T> SettingKey<T> yamlOnly(String yamlKey, ValueType<T> type, T defaultValue) {
        return new SettingKey<>(yamlKey, null, null, type, defaultValue);
    }
}
