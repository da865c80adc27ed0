// Interface strings in Korean and English. The language follows the browser until the reader
// picks one with the switch; the choice is kept in localStorage.
const STRINGS = {
  ko: {
    skip: "본문으로 건너뛰기", nav: "주 메뉴", nav_search: "검색", nav_support: "문장 근거 찾기",
    nav_library: "문서 목록", nav_marked: "표시한 구절", switch: "English", switch_help: "화면 언어 바꾸기",
    q_label: "검색어 또는 질문 (한국어, 영어)", q_placeholder: "검색어나 질문 (한국어 또는 영어)",
    search: "검색", filters: "검색 방식과 거르기", mode: "방식", mode_hybrid: "혼합",
    mode_keyword: "낱말", mode_semantic: "의미", doc: "문서", any: "전체", lang: "언어", kind: "종류",
    kind_body: "본문", kind_abstract: "초록", kind_table: "표", kind_caption: "캡션",
    kind_footnote: "각주", kind_keywords: "주제어", kind_title: "제목", section: "절 (포함하는 말)",
    year: "연도", answers: "답이 되는 문장", results: "찾은 구절", pages: "쪽 넘기기",
    prev: "이전", next: "다음", back: "← 검색으로", outline: "목차", style: "인용 양식",
    support_label: "쓰고 있는 문장을 붙여 넣으세요", support_go: "근거 찾기", upload: "문서 올리기",
    api_key: "API 키 (이 탭에만 보관)", file: "파일 (.pdf .hwp .hwpx .docx .txt)",
    f_title_ko: "한국어 제목", f_title_en: "영어 제목", f_year: "연도", f_authors: "저자 (쉼표로 구분)",
    upload_go: "올리기", f_title: "제목", f_pages: "쪽", f_type: "종류", actions: "동작",
    marked_help: "이 탭에서 표시한 구절입니다. 한 파일로 내려받을 수 있습니다.",
    export_bibtex: "BibTeX로 내려받기", export_ris: "RIS로 내려받기", clear: "모두 지우기",
    cite: "인용하기", close: "닫기", copy: "복사", copied: "복사했습니다", read: "문맥 읽기",
    mark: "표시", unmark: "표시 해제", page: "쪽", matched: "맞은 말", translations: "한국어 번역",
    total: "{n}건", page_no: "{p}쪽째", no_hits: "찾은 구절이 없습니다.", raw: "원문 (손보기 전)",
    cite_sel: "고른 부분 인용", cite_passage: "이 구절 인용", select_hint: "본문 일부를 고르면 그 부분을 인용합니다.",
    page_image: "{p}쪽 (표시한 곳이 이 구절)", open: "열기", delete: "지우기", edit: "고치기",
    confirm_delete: "\"{t}\" 문서와 그 구절을 모두 지울까요?", deleted: "지웠습니다: {t}",
    uploaded: "색인했습니다: {t} (구절 {n}개)", unchanged: "이미 같은 내용이 색인되어 있습니다: {t}",
    no_text_pages: "글자가 없는 쪽: {p}", ocr_pages: "OCR로 읽은 구절이 있습니다",
    save: "저장", saved: "저장했습니다", missing: "문서에 없는 정보: {m}", loading: "불러오는 중…",
    untitled: "(제목 없음)", passages: "구절 {n}개", error: "오류", nothing_marked: "표시한 구절이 없습니다.",
    network: "서버에 닿지 못했습니다. 연결을 확인하고 다시 해 보세요.",
    edit_help: "비운 칸은 문서에 그 정보가 없다는 뜻입니다. '되돌리기'는 고친 값을 잊습니다.",
    forget: "되돌리기", quote: "인용문", in_text: "본문 인용", reference: "참고문헌",
    f_subtitle: "부제", f_doc_type: "문서 종류", f_publisher: "발행처", f_container: "수록 학술지·매체", f_volume: "권",
    f_issue: "호", f_date: "발행일 (YYYY-MM-DD)", f_number: "번호 (보고서·발간등록번호)", f_doi: "DOI",
  },
  en: {
    skip: "Skip to content", nav: "Main menu", nav_search: "Search", nav_support: "Support my sentence",
    nav_library: "Library", nav_marked: "Marked passages", switch: "한국어", switch_help: "Change the interface language",
    q_label: "Keywords or a question (Korean or English)", q_placeholder: "Keywords or a question (Korean or English)",
    search: "Search", filters: "Mode and filters", mode: "Mode", mode_hybrid: "Hybrid",
    mode_keyword: "Keyword", mode_semantic: "Semantic", doc: "Document", any: "Any", lang: "Language",
    kind: "Kind", kind_body: "Body", kind_abstract: "Abstract", kind_table: "Table",
    kind_caption: "Caption", kind_footnote: "Footnote", kind_keywords: "Keywords", kind_title: "Title",
    section: "Section (contains)", year: "Year", answers: "Answering sentences", results: "Passages",
    pages: "Result pages", prev: "Previous", next: "Next", back: "← Back to search", outline: "Outline",
    style: "Citation style", support_label: "Paste the sentence you are writing",
    support_go: "Find support", upload: "Upload a document", api_key: "API key (kept in this tab only)",
    file: "File (.pdf .hwp .hwpx .docx .txt)", f_title_ko: "Korean title", f_title_en: "English title",
    f_year: "Year", f_authors: "Authors (comma-separated)", upload_go: "Upload", f_title: "Title",
    f_pages: "Pages", f_type: "Kind", actions: "Actions",
    marked_help: "Passages you marked in this tab, to download as one file.",
    export_bibtex: "Download BibTeX", export_ris: "Download RIS", clear: "Clear all",
    cite: "Cite", close: "Close", copy: "Copy", copied: "Copied", read: "Read in context",
    mark: "Mark", unmark: "Unmark", page: "p.", matched: "Matched", translations: "Korean translations",
    total: "{n} hits", page_no: "page {p}", no_hits: "No passages found.", raw: "Source text (before repair)",
    cite_sel: "Cite the selection", cite_passage: "Cite this passage", select_hint: "Select part of the text to quote just that.",
    page_image: "Page {p} (the passage is marked)", open: "Open", delete: "Delete", edit: "Edit",
    confirm_delete: "Delete \"{t}\" and all its passages?", deleted: "Deleted: {t}",
    uploaded: "Indexed: {t} ({n} passages)", unchanged: "The same text is already indexed: {t}",
    no_text_pages: "Pages without text: {p}", ocr_pages: "Some passages were read by OCR",
    save: "Save", saved: "Saved", missing: "Not stated by the document: {m}", loading: "Loading…",
    untitled: "(untitled)", passages: "{n} passages", error: "Error", nothing_marked: "No passages marked.",
    network: "Could not reach the server. Check the connection and try again.",
    edit_help: "An empty field says the document states none; 'Forget' drops your edit.",
    forget: "Forget", quote: "Quote", in_text: "In-text", reference: "Reference",
    f_subtitle: "Subtitle", f_doc_type: "Kind of document", f_publisher: "Publisher", f_container: "Journal or periodical",
    f_volume: "Volume", f_issue: "Issue", f_date: "Date of issue (YYYY-MM-DD)", f_number: "Number (report, registration)",
    f_doi: "DOI",
  },
};

export function currentLang() {
  const kept = localStorage.getItem("seoji.lang");
  if (kept === "ko" || kept === "en") return kept;
  return (navigator.language || "ko").toLowerCase().startsWith("ko") ? "ko" : "en";
}

export function t(key, values = {}) {
  const table = STRINGS[currentLang()];
  let s = table[key] ?? STRINGS.en[key] ?? key;
  for (const [k, v] of Object.entries(values)) s = s.replace(`{${k}}`, v);
  return s;
}

export function applyStrings(root = document) {
  document.documentElement.lang = currentLang();
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  }
}

export function switchLang() {
  localStorage.setItem("seoji.lang", currentLang() === "ko" ? "en" : "ko");
  applyStrings();
}
