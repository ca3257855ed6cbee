package io.guacdaffinity.admin;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.Setting;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EffectiveSettingsTest {

    private static Map<String, SettingInEffect> shown(Map<String, String> props) {
        Map<String, SettingInEffect> byName = new LinkedHashMap<>();
        for (SettingInEffect s : EffectiveSettings.of(AffinityConfig.from(props::get)))
            byName.put(s.name, s);
        return byName;
    }

    @Test
    void everyPropertyAppearsInCatalogueOrderWithItsValueAsAnAdminWouldWriteIt() {
        Map<String, SettingInEffect> shown = shown(Map.of(
                "guacd-affinity-members", "a=10.0.0.1:4823*2, guacd-1.example",
                "guacd-affinity-key", "client-ip",
                "guacd-affinity-load-factor", "1.5",
                "guacd-affinity-dns-servers", "127.0.0.1:5353"));

        List<String> names = new ArrayList<>();
        for (Setting<?> s : AffinityConfig.ALL)
            names.add(s.name());
        assertEquals(names, new ArrayList<>(shown.keySet()));
        assertEquals("a=10.0.0.1:4823*2, guacd-1=guacd-1.example:4822", shown.get("guacd-affinity-members").value);
        assertEquals("client-ip", shown.get("guacd-affinity-key").value);
        assertEquals("1.5", shown.get("guacd-affinity-load-factor").value);
        assertEquals("127.0.0.1:5353", shown.get("guacd-affinity-dns-servers").value);
        assertEquals(null, shown.get("guacd-affinity-pin-timeout"), "a retired property is no setting in effect");
        assertEquals("false", shown.get("guacd-affinity-ssl").value);
        assertEquals("", shown.get("guacd-affinity-ssl-truststore").value);
    }

    @Test
    void eachValueSaysWhetherItWasSetOrIsTheDefault() {
        Map<String, String> props = Map.of(
                "guacd-affinity-members", "guacd-0.example",
                "guacd-affinity-load-factor", "0",
                "guacd-affinity-key", "   ",
                "guacd-affinity-max-attempts", "3");
        Map<String, SettingInEffect> shown = shown(props);

        assertEquals(SettingInEffect.SET, shown.get("guacd-affinity-members").origin);
        assertEquals("0", shown.get("guacd-affinity-load-factor").value);
        assertEquals(SettingInEffect.SET, shown.get("guacd-affinity-load-factor").origin);
        assertEquals(SettingInEffect.SET, shown.get("guacd-affinity-max-attempts").origin,
                "a value equal to the default is still one the admin set");
        assertEquals(SettingInEffect.DEFAULT, shown.get("guacd-affinity-key").origin, "blank counts as unset");
        assertEquals("user", shown.get("guacd-affinity-key").value);
        for (Setting<?> s : AffinityConfig.ALL) {
            if (!props.containsKey(s.name()) || s == AffinityConfig.KEY) {
                assertEquals(SettingInEffect.DEFAULT, shown.get(s.name()).origin, s.name());
                assertEquals(s.defaultText(), shown.get(s.name()).value, s.name() + " shows its documented default");
            }
        }
    }
}
