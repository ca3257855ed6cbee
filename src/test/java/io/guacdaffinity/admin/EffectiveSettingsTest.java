package io.guacdaffinity.admin;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.Setting;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EffectiveSettingsTest {

    @Test
    void everyPropertyAppearsInCatalogueOrderWithItsValue() {
        Map<String, String> props = new HashMap<>();
        props.put("guacd-affinity-members", "a=10.0.0.1:4823*2, guacd-1.example");
        props.put("guacd-affinity-key", "client-ip");
        props.put("guacd-affinity-load-factor", "1.5");
        props.put("guacd-affinity-dns-servers", "127.0.0.1:5353");
        Map<String, String> shown = EffectiveSettings.of(AffinityConfig.from(props::get));

        List<String> names = new ArrayList<>();
        for (Setting<?> s : AffinityConfig.ALL)
            names.add(s.name());
        assertEquals(names, new ArrayList<>(shown.keySet()));
        assertEquals("a=10.0.0.1:4823*2, guacd-1=guacd-1.example:4822", shown.get("guacd-affinity-members"));
        assertEquals("client-ip", shown.get("guacd-affinity-key"));
        assertEquals("1.5", shown.get("guacd-affinity-load-factor"));
        assertEquals("127.0.0.1:5353", shown.get("guacd-affinity-dns-servers"));
        assertEquals(null, shown.get("guacd-affinity-pin-timeout"), "a retired property is no setting in effect");
        assertEquals("false", shown.get("guacd-affinity-ssl"));
        assertEquals(false, shown.containsValue("(not shown)"));
    }
}
