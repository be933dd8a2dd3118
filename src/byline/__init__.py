"""byline: who said what, about whom, where and when — structured, verifiable records of news
articles with every field given as standoff character offsets into the text as read."""

from byline.model import AnalyzedArticle, Attribution, Document

__all__ = ["AnalyzedArticle", "Attribution", "Document", "__version__"]
__version__ = "0.1.0"
