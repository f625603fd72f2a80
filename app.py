"""Home: the article library."""

import streamlit as st

from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui.layout import problem_panel, start_page
from evidence_dashboard.ui.review_status import show_review_status
from evidence_dashboard.ui.workspace import session_library

shipped, selection = start_page("Home")
library = session_library(shipped)  # uploaded articles are listed too

st.title("Drug-risk evidence dashboard")
st.write(
    "Clinical answers set beside the evidence they rest on: every figure traces to a source row "
    "and a reference. Choose an article to read it claim by claim."
)

if not library.articles:
    st.info(
        f"No articles found in {escape_markdown(library.root)}. Add Markdown files to its "
        "articles folder."
    )

for article in library.articles:
    with st.container(border=True):
        left, right = st.columns([4, 1])
        with left:
            st.subheader(escape_markdown(article.title), anchor=False)
            if article.question:
                st.markdown(f"**Question:** {escape_markdown(article.question)}")
            if article.summary:
                st.markdown(escape_markdown(article.summary))
        with right:
            show_review_status(library, article)
            st.caption(f"Updated {article.updated.isoformat() if article.updated else 'unknown'}")
            st.page_link(
                "pages/1_Article.py",
                label="Read the article",
                icon=":material/article:",
                query_params={"article": article.slug, "audience": selection.audience},
            )
        own = library.article_problems(article)
        if own:
            problem_panel(own, title="This article has problems")

other = [p for p in library.problems if not any(p.path == a.path for a in library.articles)]
if other:
    with st.expander(
        f"Content check: {len(other)} problem(s) in evidence tables and bibliographies"
    ):
        problem_panel(other, title="Problems in data files")
