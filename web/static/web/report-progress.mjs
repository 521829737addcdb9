// Follows a report run while it compiles. Every so often it asks the API for the run's state
// and moves the progress bar, rewrites the status (a polite live region, so a screen reader
// hears each change) and, once the run is done, shows the download link, or the error if it
// failed. Without JavaScript the page offers a "Refresh this page" link instead.

const GIVE_UP_AFTER_ERRORS = 5;

function follow(root) {
  const texts = JSON.parse(document.getElementById("report-texts").textContent);
  const every = Number(root.dataset.pollMs) || 1500;
  const part = (name) => root.querySelector(`[data-report-${name}]`);
  const bar = root.querySelector("progress");
  let errors = 0;

  part("refresh").hidden = true;

  function show(run) {
    const text = texts[run.status];
    if (!text) return;
    const tag = part("tag");
    tag.textContent = text.tag;
    tag.className = `govuk-tag ${text.tag_class}`;
    bar.value = run.progress;
    bar.textContent = `${run.progress}%`;
    const status = text.text.replace("{progress}", run.progress);
    if (part("status").textContent !== status) part("status").textContent = status;
    part("progress").hidden = run.status === "done" || run.status === "failed";
    part("download").hidden = run.status !== "done";
    if (run.status === "failed") part("error").textContent = run.error || "";
    part("failure").hidden = run.status !== "failed";
  }

  async function poll() {
    try {
      const response = await fetch(root.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const run = await response.json();
      errors = 0;
      show(run);
      if (run.status === "done" || run.status === "failed") return;
    } catch (error) {
      errors += 1;
      if (errors >= GIVE_UP_AFTER_ERRORS) {
        part("refresh").hidden = false;
        return;
      }
    }
    window.setTimeout(poll, every);
  }

  if (root.dataset.finished !== "true") window.setTimeout(poll, every);
}

const root = document.querySelector("[data-report-run]");
if (root) follow(root);
