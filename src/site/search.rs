//! Full-text search with Pagefind, built in process from the rendered pages (no second pass
//! over the disk). The `extended` feature segments Chinese words, so 主题党日 finds 主题党日 and
//! not every page with 党. The index and the UI (JS, CSS, WASM) go into `output/pagefind/`;
//! nothing is fetched when the site is opened.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::{Code, Diagnostic};

/// (output path, file contents) of every search file.
pub type SearchFiles = Vec<(String, Vec<u8>)>;

/// Indexes the pages that mark their content with `data-pagefind-body`.
pub fn index(pages: &[(String, String)]) -> Result<SearchFiles, Diagnostic> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::general(Code::Output, format!("建立搜索索引失败（{what}）：{e}"))
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail("runtime", &e))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("zh-cn".to_owned())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail("options", &e))?;
        for (path, html) in pages {
            if !html.contains("data-pagefind-body") {
                continue;
            }
            index
                .add_html_file(Some(path.clone()), None, html.clone())
                .await
                .map_err(|e| fail(path, &e))?;
        }
        let files = index.get_files().await.map_err(|e| fail("files", &e))?;
        let mut out: SearchFiles = files
            .into_iter()
            .map(|f| {
                (
                    format!(
                        "pagefind/{}",
                        crate::diagnostics::relative_path(std::path::Path::new(""), &f.filename)
                    ),
                    f.contents,
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    })
}
