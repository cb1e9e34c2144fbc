import CertKeeperCrypto
import Foundation

/// The report's only style sheet and script, inline (the page opens from disk and as a CI
/// artifact, offline), and the Content-Security-Policy that admits exactly these two by
/// their SHA-256 and nothing else: no network, no other script, no inline handlers, so
/// markup that slipped into a value could not run even if escaping failed.
///
/// Colours: the Okabe-Ito palette, distinguishable with the common colour-vision
/// deficiencies; every status also carries its name in text.
enum HTMLReportAssets {
    static let style = """
        :root{color-scheme:light;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
        body{margin:0 auto;padding:16px 24px 40px;max-width:1240px}
        h1{font-size:21px;margin:0 0 2px}h2{font-size:17px;margin:28px 0 8px}
        .meta,.note,small{color:#555}.meta{margin:0 0 12px}
        .counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:0 0 10px}
        .counts li{border:1px solid #ccc;border-radius:4px;padding:4px 10px;display:flex;align-items:center;gap:6px}
        .counts b{font-size:19px}.counts .zero{color:#777;border-color:#e3e3e3}
        .sw{display:inline-block;width:12px;height:12px;border:1px solid #222;flex:none;vertical-align:-1px}
        .s-ok{fill:#009E73;background:#009E73}.s-warning{fill:#E69F00;background:#E69F00}
        .s-critical{fill:#D55E00;background:#D55E00}.s-expired{fill:#000;background:#000}
        .s-not_yet_valid{fill:#56B4E9;background:#56B4E9}.s-error{fill:#999;background:#999}
        .s-no_valid_credential{fill:#CC79A7;background:#CC79A7}.s-client_secret{fill:#F0E442;background:#F0E442}
        .s-unmanaged_certificate{fill:#0072B2;background:#0072B2}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}
        dt{color:#555}dd{margin:0;overflow-wrap:anywhere}
        .legend{display:flex;flex-wrap:wrap;gap:6px 16px;list-style:none;padding:0;margin:0 0 8px}
        .legend li{display:flex;align-items:center;gap:5px}
        .ln{display:inline-block;width:18px;border-top:2px solid}.ln.now{border-color:#0072B2}
        .ln.warn{border-top:2px dashed #E69F00}.ln.crit{border-top:2px dotted #D55E00}
        .scroll{overflow-x:auto;border:1px solid #ddd}
        svg{display:block}#timeline{width:100%;height:auto;min-width:960px}svg text{font:12px system-ui,sans-serif;fill:#1a1a1a}
        .grid line{stroke:#e3e3e3}.grid text{fill:#555;text-anchor:middle}
        .band-bg{fill:#fff}.band-bg.odd{fill:#f4f4f4}text.group{font-weight:600}text.peak{fill:#555}
        .bar{stroke:#222;stroke-width:.5}.clip{fill:#555}.st{font-weight:600}
        a:hover .label,a:focus .label{text-decoration:underline}
        .marker line{stroke-width:1.5}.now line{stroke:#0072B2}.now text{fill:#0072B2}
        .warn line{stroke:#E69F00;stroke-dasharray:6 3}.crit line{stroke:#D55E00;stroke-dasharray:2 2}
        .warn text{fill:#8a5a00}.crit text{fill:#a33f00}
        .pct-warn{stroke:#8a5a00;stroke-width:1.5}.pct-crit{stroke:#a33f00;stroke-width:1.5}
        #filter{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin:0 0 8px}
        #filter[hidden]{display:none}#filter label{white-space:nowrap}
        #findings table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:13px}
        #findings .columns{position:sticky;top:0;z-index:1}
        .chunk{content-visibility:auto;contain-intrinsic-size:auto 9000px}
        thead.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
        th,td{border-bottom:1px solid #e6e6e6;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere;unicode-bidi:isolate}
        th{background:#f0f0f0}
        .k1{width:8.5em}.k4,.k5{width:12.8em}.k6{width:4.5em}.k8{width:14em}
        td.n{text-align:right;font-variant-numeric:tabular-nums}td code{font-size:11px;color:#444}
        tr:target{outline:2px solid #0072B2}
        th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:left}
        th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
        """

    static let script = """
        "use strict";
        (function () {
          var bodies = Array.prototype.slice.call(document.querySelectorAll("#findings .chunk tbody"));
          var rows = Array.prototype.slice.call(document.querySelectorAll("#findings .chunk tbody tr"));
          var chunk = bodies.length > 0 ? bodies[0].rows.length : 0;
          var filter = document.getElementById("filter");
          var query = document.getElementById("query");
          var boxes = Array.prototype.slice.call(filter.querySelectorAll("input[type=checkbox]"));
          var shown = document.getElementById("shown");
          var texts = null;
          function apply() {
            var needle = query.value.trim().toLowerCase();
            var wanted = {};
            boxes.forEach(function (box) { wanted[box.value] = box.checked; });
            if (needle && !texts) {
              texts = new Map(rows.map(function (row) { return [row, row.textContent.toLowerCase()]; }));
            }
            var count = 0;
            rows.forEach(function (row) {
              var visible = wanted[row.dataset.status] && (!needle || texts.get(row).indexOf(needle) >= 0);
              row.hidden = !visible;
              if (visible) { count += 1; }
            });
            shown.textContent = count + " of " + rows.length + " shown";
          }
          var headers = Array.prototype.slice.call(document.querySelectorAll("#findings .columns th"));
          function sortBy(header, column) {
            var ascending = header.getAttribute("aria-sort") !== "ascending";
            var numeric = header.dataset.type === "number";
            headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
            header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            var keyed = rows.map(function (row) {
              var cell = row.cells[column];
              var value = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent;
              return [numeric ? (value === "" ? Infinity : Number(value)) : value, row];
            });
            keyed.sort(function (a, b) {
              var order = a[0] < b[0] ? -1 : (a[0] > b[0] ? 1 : 0);
              return ascending ? order : -order;
            });
            rows = keyed.map(function (pair) { return pair[1]; });
            bodies.forEach(function (body, index) {
              var fragment = document.createDocumentFragment();
              rows.slice(index * chunk, (index + 1) * chunk).forEach(function (row) { fragment.appendChild(row); });
              body.appendChild(fragment);
            });
          }
          headers.forEach(function (header, column) {
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = header.textContent;
            header.textContent = "";
            header.appendChild(button);
            button.addEventListener("click", function () { sortBy(header, column); });
          });
          filter.addEventListener("input", apply);
          filter.hidden = false;
          apply();
        })();
        """

    /// The CSP: nothing may load or connect; only the style and script above run.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src \(source(style)); script-src \(source(script)); "
        + "img-src 'none'; base-uri 'none'; form-action 'none'"

    /// `'sha256-…'` of the exact bytes between the tags.
    private static func source(_ text: String) -> String {
        "'sha256-" + Data(Digest.sha256(Array(text.utf8))).base64EncodedString() + "'"
    }
}
