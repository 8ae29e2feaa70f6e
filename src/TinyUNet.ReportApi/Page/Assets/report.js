// The report page's own script: no framework, no CDN (the closed network reaches none). Every value from the API is
// put into the page as text (textContent / SVG text nodes), never as HTML.
"use strict";

const state = { sort: "date", page: 1, pageSize: 50, filters: {}, selected: null, request: 0, viewerPrefix: null };
const svgNs = "http://www.w3.org/2000/svg";
const $ = (selector) => document.querySelector(selector);

function number(value, digits = 1) {
  return value === null || value === undefined ? "–" : value.toFixed(digits);
}

function query(extra) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...state.filters, ...extra })) {
    if (value !== "" && value !== null && value !== undefined) params.set(name, value);
  }
  return params.toString();
}

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  // An expired sign-in: reloading the page goes through the provider again.
  if (response.status === 401) { location.reload(); throw new Error("Signed out."); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const details = problem.errors ? Object.values(problem.errors).flat().join(" ") : "";
    throw new Error(`${problem.title || response.statusText} ${details}`.trim());
  }
  return response.json();
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

async function loadCohort() {
  const status = $("#status");
  status.textContent = "Loading…";
  $("#csv").href = "/api/studies.csv?" + query({ sort: state.sort });
  // Only the latest request may fill the table: an earlier, slower answer (e.g. the unfiltered first load) is dropped.
  const request = ++state.request;
  let page;
  try {
    page = await getJson("/api/studies?" + query({ sort: state.sort, page: state.page, pageSize: state.pageSize }));
  } catch (error) {
    if (request === state.request) status.textContent = error.message;
    return;
  }
  if (request !== state.request) return;
  const body = $("#studies tbody");
  body.replaceChildren();
  const models = new Set();
  for (const study of page.items) {
    models.add(study.modelName);
    const row = body.insertRow();
    row.dataset.uid = study.studyInstanceUid;
    row.tabIndex = 0;
    cell(row, study.studyDate || "no date");
    // UIDs share long roots: their ends tell studies apart (the whole UID is in the tooltip and the detail title).
    const uid = study.studyInstanceUid;
    cell(row, uid.length > 20 ? "…" + uid.slice(-18) : uid, "uid").title = uid;
    cell(row, study.patientKey ? study.patientKey.slice(0, 8) : "–", "uid");
    // "no_lung": the series holds no lung (an abdominal series); its zeros are not a measured lung.
    cell(row, study.lungFinding === "no_lung" ? "no lung in this series" : number(study.lungMl), "number");
    cell(row, number(study.ggoMl), "number");
    cell(row, number(study.consolidationMl), "number");
    cell(row, number(study.opacityPercent), "number");
    cell(row, study.modelName).title = `${study.modelName} ${study.modelVersion} (weights ${study.modelSha256.slice(0, 12)}…)`;
    if (state.viewerPrefix) row.insertCell().appendChild(viewerLink(study.studyInstanceUid)).addEventListener("click", (e) => e.stopPropagation());
    row.addEventListener("click", () => showStudy(study));
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") showStudy(study); });
  }
  $("#models").replaceChildren(...[...models].map((m) => Object.assign(document.createElement("option"), { value: m })));
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  status.textContent = `${page.total} studies`;
  $("#page").textContent = `page ${page.page} of ${pages}`;
  $("#previous").disabled = page.page <= 1;
  $("#next").disabled = page.page >= pages;
  const again = page.items.find((s) => s.studyInstanceUid === state.selected);
  if (again || page.items.length > 0) showStudy(again || page.items[0]);
}

// The OHIF viewer (served by the API under /viewer/) on the study: its CT and our SEG, in a new tab.
function viewerLink(uid) {
  return Object.assign(document.createElement("a"), {
    href: state.viewerPrefix + encodeURIComponent(uid), target: "_blank", rel: "noopener",
    className: "viewer-link", textContent: "Open in viewer",
  });
}

// Whether the API serves the viewer (Viewer:DistPath set); without it the page shows no links to it.
async function loadViewer() {
  try {
    state.viewerPrefix = (await getJson("/api/viewer")).studyUrlPrefix;
  } catch {
    state.viewerPrefix = null;
  }
  for (const header of document.querySelectorAll(".viewer-column")) header.hidden = !state.viewerPrefix;
}

function markSelected(uid) {
  for (const row of document.querySelectorAll("#studies tbody tr")) {
    row.setAttribute("aria-selected", String(row.dataset.uid === uid));
  }
}

async function showStudy(study) {
  state.selected = study.studyInstanceUid;
  markSelected(study.studyInstanceUid);
  $("#detail").hidden = false;
  $("#detail-title").textContent = `Study ${study.studyInstanceUid} · ${study.studyDate || "no date"}`;
  const link = $("#viewer-link");
  link.hidden = !state.viewerPrefix;
  if (state.viewerPrefix) link.href = state.viewerPrefix + encodeURIComponent(study.studyInstanceUid);
  const montage = $("#montage");
  $("#montage-note").textContent = "";
  montage.hidden = false;
  montage.onerror = () => { montage.hidden = true; $("#montage-note").textContent = "No montage for this study."; };
  montage.src = `/api/studies/${encodeURIComponent(study.studyInstanceUid)}/montage.png`;
  try {
    const [report, timeline] = await Promise.all([
      getJson(`/api/studies/${encodeURIComponent(study.studyInstanceUid)}`),
      study.patientKey ? getJson(`/api/patients/${study.patientKey}/studies`).then((p) => p.studies) : [study],
    ]);
    if (state.selected !== study.studyInstanceUid) return;
    showVolumes(report.volumetrics);
    if (report.latest?.lungFinding === "no_lung") $("#montage-note").textContent = "No lung in this series: no lesion, no severity.";
    $("#timeline-title").textContent = study.patientKey
      ? `Timeline of patient ${study.patientKey.slice(0, 8)} (${timeline.length} studies)`
      : "Timeline (no patient key: this study alone)";
    drawTimeline($("#timeline"), timeline, study.studyInstanceUid);
  } catch (error) {
    $("#montage-note").textContent = error.message;
  }
}

const classNames = { whole_lung: "Lung", ggo: "Ground-glass", consolidation: "Consolidation", lesion: "Lesion (GGO + cons.)" };

function showVolumes(volumetrics) {
  const body = $("#volumes tbody");
  body.replaceChildren();
  for (const [klass, name] of Object.entries(classNames)) {
    const of = (side) => volumetrics.find((v) => v.class === klass && v.side === side);
    const row = body.insertRow();
    cell(row, name);
    for (const side of ["right", "left", "total"]) cell(row, number(of(side)?.volumeMl), "number");
    cell(row, number(of("total")?.percentOfLung), "number");
  }
}

function svg(name, attributes, parent) {
  const element = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  parent.appendChild(element);
  return element;
}

function text(parent, x, y, content, anchor = "middle") {
  const element = svg("text", { x, y, "text-anchor": anchor }, parent);
  element.textContent = content;
  return element;
}

// Lesion volume (mL, left axis, solid) and opacity % (right axis, dashed) over the study dates; studies without a
// date are placed by the day their run finished.
function drawTimeline(container, studies, currentUid) {
  const width = 560, height = 240, left = 52, right = 48, top = 16, bottom = 40;
  const chart = document.createElementNS(svgNs, "svg");
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", "Lesion volume and opacity over time");
  const points = studies.map((s) => ({
    uid: s.studyInstanceUid,
    day: Date.parse(s.studyDate || s.finishedAt.slice(0, 10)),
    label: s.studyDate || "no date",
    volume: (s.ggoMl ?? 0) + (s.consolidationMl ?? 0),
    opacity: s.opacityPercent ?? 0,
  })).sort((a, b) => a.day - b.day);
  const first = points[0].day, last = points[points.length - 1].day;
  const x = (day) => points.length === 1 || last === first
    ? left + (width - left - right) / 2
    : left + (day - first) / (last - first) * (width - left - right);
  const maxVolume = Math.max(1, ...points.map((p) => p.volume)) * 1.1;
  const maxOpacity = Math.max(1, ...points.map((p) => p.opacity)) * 1.1;
  const yVolume = (v) => height - bottom - v / maxVolume * (height - top - bottom);
  const yOpacity = (v) => height - bottom - v / maxOpacity * (height - top - bottom);

  svg("line", { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, class: "axis" }, chart);
  svg("line", { x1: left, y1: top, x2: left, y2: height - bottom, class: "axis" }, chart);
  svg("line", { x1: width - right, y1: top, x2: width - right, y2: height - bottom, class: "axis" }, chart);
  text(chart, left - 4, top + 4, number(maxVolume, 0), "end");
  text(chart, left - 4, height - bottom, "0", "end");
  text(chart, width - right + 4, top + 4, number(maxOpacity, 0) + "%", "start");
  text(chart, width - right + 4, height - bottom, "0%", "start");
  text(chart, left, height - 6, "── lesion mL (GGO + consolidation)", "start").classList.add("legend-volume");
  text(chart, width - right, height - 6, "- - opacity % of lung", "end").classList.add("legend-opacity");
  for (const p of points) text(chart, x(p.day), height - bottom + 14, p.label);

  for (const [series, y, key] of [["volume", yVolume, "volume"], ["opacity", yOpacity, "opacity"]]) {
    if (points.length > 1) {
      svg("polyline", { points: points.map((p) => `${x(p.day)},${y(p[key])}`).join(" "), class: series }, chart);
    }
    for (const p of points) {
      const dot = svg("circle", { cx: x(p.day), cy: y(p[key]), r: p.uid === currentUid ? 5 : 3.5,
        class: p.uid === currentUid ? `${series} current` : series }, chart);
      svg("title", {}, dot).textContent = `${p.label}: ${number(p.volume)} mL lesion, ${number(p.opacity)} % opacity`;
    }
  }
  container.replaceChildren(chart);
}

function sortBy(header) {
  state.sort = header.dataset.sort;
  state.page = 1;
  for (const th of document.querySelectorAll("th[data-sort]")) th.removeAttribute("aria-sort");
  header.setAttribute("aria-sort", state.sort === "uid" ? "ascending" : "descending");
  loadCohort();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const header of document.querySelectorAll("th[data-sort]")) {
    header.querySelector("button").addEventListener("click", () => sortBy(header));
  }
  $("#filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.filters = Object.fromEntries(new FormData(event.target));
    state.page = 1;
    loadCohort();
  });
  $("#previous").addEventListener("click", () => { state.page--; loadCohort(); });
  $("#next").addEventListener("click", () => { state.page++; loadCohort(); });
  loadViewer().then(loadCohort);
});
