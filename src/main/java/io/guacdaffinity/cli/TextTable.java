package io.guacdaffinity.cli;

import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell: text columns on the left, numbers aligned right. */
final class TextTable {

    private final int textColumns;
    private final List<String[]> rows = new ArrayList<>();

    /** @param textColumns how many leading columns are left-aligned text */
    TextTable(int textColumns, String... headers) {
        this.textColumns = textColumns;
        rows.add(headers);
    }

    TextTable row(String... cells) {
        if (cells.length != rows.get(0).length)
            throw new IllegalArgumentException(cells.length + " cells for " + rows.get(0).length + " columns");
        rows.add(cells);
        return this;
    }

    String render() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++)
                widths[c] = Math.max(widths[c], row[c].length());
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                if (c > 0)
                    line.append("  ");
                String pad = " ".repeat(widths[c] - row[c].length());
                line.append(c < textColumns ? row[c] + pad : pad + row[c]);
            }
            out.append(line.toString().replaceAll("\\s+$", "")).append('\n');
        }
        return out.toString();
    }
}
