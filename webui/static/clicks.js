/* condsearch: tells the query log which result of a search was opened, for the editors' report.
 *
 * Only the search's log id and the result's rank are sent (navigator.sendBeacon, which does not hold the
 * next page up); nothing about the visitor. Without this script, or when the log is off (the list then
 * has no data-log-id), nothing is sent.
 */
(function () {
  "use strict";

  function start() {
    var list = document.querySelector("ol.hits[data-log-id]");
    if (!list || !navigator.sendBeacon) return;
    var url = list.getAttribute("data-click-url") + "?id=" + encodeURIComponent(list.getAttribute("data-log-id"));

    function opened(event) {
      var link = event.target.closest ? event.target.closest("a") : null;
      var item = link ? link.closest("li.hit") : null;
      if (!item || !list.contains(item)) return;
      var rank = parseInt(item.id.replace("result-", ""), 10);
      if (rank > 0) navigator.sendBeacon(url + "&rank=" + rank);
    }

    list.addEventListener("click", opened);     // a click, or Enter on the link
    list.addEventListener("auxclick", opened);  // a middle click: opened in another tab
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
