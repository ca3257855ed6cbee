package io.guacdaffinity.admin;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.Setting;

import java.util.ArrayList;
import java.util.List;

/**
 * The value in effect of every guacd-affinity-* property, as an admin would write it, taken from
 * the catalogue ({@link AffinityConfig#ALL}) so that a new property appears without a change here.
 */
public final class EffectiveSettings {

    private EffectiveSettings() {
    }

    /** One entry per property, in the order of {@link AffinityConfig#ALL}. */
    public static List<SettingInEffect> of(AffinityConfig config) {
        List<SettingInEffect> out = new ArrayList<>();
        for (Setting<?> s : AffinityConfig.ALL)
            out.add(entry(s, config));
        return out;
    }

    private static <T> SettingInEffect entry(Setting<T> setting, AffinityConfig config) {
        return new SettingInEffect(setting.name(), setting.print(config.value(setting)),
                config.isSet(setting) ? SettingInEffect.SET : SettingInEffect.DEFAULT);
    }
}
