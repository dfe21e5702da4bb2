//! JUnit XML for CI dashboards: one `testsuite` per notebook, one `testcase` per code cell.

use super::runner::{NotebookReport, Verdict};

/// The report as JUnit XML.
pub fn xml(reports: &[NotebookReport]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vmjs test\">\n",
    );
    for report in reports {
        let name = escape(&report.path.display().to_string());
        let failures = report
            .cells
            .iter()
            .filter(|c| matches!(c.verdict, Verdict::Failed(_)))
            .count()
            + usize::from(report.failure.is_some());
        let skipped = report
            .cells
            .iter()
            .filter(|c| matches!(c.verdict, Verdict::Skipped))
            .count();
        xml.push_str(&format!(
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failures}\" errors=\"{}\" skipped=\"{skipped}\" time=\"{:.3}\">\n",
            report.cells.len().max(1),
            usize::from(report.error.is_some()),
            report.elapsed.as_secs_f64()
        ));
        if let Some(error) = &report.error {
            xml.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"notebook\"><error message=\"{}\"/></testcase>\n",
                escape(error)
            ));
        }
        if let Some(failure) = &report.failure {
            xml.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"limits\"><failure message=\"{}\"/></testcase>\n",
                escape(failure)
            ));
        }
        for cell in &report.cells {
            xml.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"cell {}: {}\" time=\"{:.3}\"",
                cell.index,
                escape(&cell.first_line),
                cell.elapsed.as_secs_f64()
            ));
            match &cell.verdict {
                Verdict::Passed | Verdict::Updated => xml.push_str("/>\n"),
                Verdict::Skipped => xml.push_str("><skipped/></testcase>\n"),
                Verdict::Failed(why) => xml.push_str(&format!(
                    "><failure message=\"outputs differ or the cell raised\">{}</failure></testcase>\n",
                    escape(&strip_ansi(why))
                )),
            }
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn escape(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r') || c >= ' ')
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&apos;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_and_colours_removed() {
        assert_eq!(
            super::escape("<a & \"b\">\u{7}"),
            "&lt;a &amp; &quot;b&quot;&gt;"
        );
        assert_eq!(super::strip_ansi("\u{1b}[31m-x\u{1b}[0m"), "-x");
    }
}
