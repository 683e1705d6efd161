<h1>{{ config.site_name }}</h1>
<p class="bp-cover__subtitle">{{ config.site_description }}</p>
<p class="bp-cover__author">{{ config.site_author }}</p>
<p class="bp-cover__edition"><!--bp-cover-edition--></p>
<p class="bp-cover__licence">{{ config.copyright }}</p>
