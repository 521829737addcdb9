// Shows the fields a chosen radio needs beneath it and hides the others' (the GOV.UK
// "conditional reveal"). GOV.UK Frontend's own version marks each radio aria-expanded, which
// ARIA does not allow on a radio; here the fields simply follow their radio in reading order.
// Without JavaScript every field shows.

for (const group of document.querySelectorAll("[data-app-reveals]")) {
  const radios = [...group.querySelectorAll("input[type='radio'][data-reveals]")];
  const all = [...group.querySelectorAll("input[type='radio']")];
  const sync = () => {
    for (const radio of radios) {
      const fields = document.getElementById(radio.dataset.reveals);
      if (fields) fields.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
    }
  };
  for (const radio of all) radio.addEventListener("change", sync);
  sync();
}
