// SPDX-License-Identifier: MIT
// Run inside report.html by the browser check (report_browser_check.sh), never
// shipped in the report. It measures what the browser laid out and writes one
// fact per line into <pre id=probe> for --dump-dom:
//   plot ID WIDTHxHEIGHT   every chart, in CSS pixels
//   headline ROWS VERDICT  the goals table's rows and the verdict's text
//   regressions N          rows marked as regressions
//   external N             elements that would load something from outside
//   scripts N              scripts of the report itself (it has none)
//   height N               the page's height, for the screenshot
(function () {
	var out = [];
	document.querySelectorAll('figure.plot').forEach(function (fig) {
		var svg = fig.querySelector('svg');
		var b = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
		out.push('plot ' + fig.id + ' ' + Math.round(b.width) + 'x' + Math.round(b.height));
	});
	var verdict = document.getElementById('verdict');
	var rows = document.querySelectorAll('#headline #goals tr.pass, #headline #goals tr.miss, ' +
					      '#headline #goals tr.unmeasured').length;
	out.push('headline ' + rows + ' ' + (verdict ? verdict.textContent.replace(/\s+/g, ' ') : ''));
	out.push('regressions ' + document.querySelectorAll('tr.regression').length);
	var ext = 0;
	document.querySelectorAll('[src], link[href], [srcset], iframe, object, embed').forEach(function (e) {
		if (e.id !== 'report-probe')
			ext++;
	});
	document.querySelectorAll('svg [href], svg [*|href]').forEach(function (e) {
		var h = e.getAttribute('href') || e.getAttribute('xlink:href') || '';
		if (h.charAt(0) !== '#')
			ext++;
	});
	document.querySelectorAll('style').forEach(function (s) {
		if (/url\(|@import/.test(s.textContent))
			ext++;
	});
	out.push('external ' + ext);
	out.push('scripts ' + document.querySelectorAll('script:not(#report-probe)').length);
	out.push('height ' + document.documentElement.scrollHeight);
	var pre = document.createElement('pre');
	pre.id = 'probe';
	pre.textContent = out.join('\n');
	document.body.appendChild(pre);
})();
