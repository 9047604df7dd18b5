from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render

from articles.models import Article


def article_list(request):
    articles = Article.objects.for_list().annotate(quote_count=Count("quotes")).order_by("-published_on", "-id")
    page = Paginator(articles, 50).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})
